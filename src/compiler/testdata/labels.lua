::a:: ::b::
do ::a2:: end
for i = 1, 2 do
  goto e
  local x = i
  ::e::
end
repeat
  goto c
  ::c::
  local y = 1
until y
while true do
  goto d
  ::d::
  break
end
do
  goto f
  ;;
  ::f:: ;
end
goto z
::z::
