-- A jump into a local's scope is found when the label is declared (once the no-op
-- statements after it are read), before the broken statement further down.
do
  goto skip
  local value = 1
  ::skip::
  ;
  print(value)
end
print(1 + + 2)
