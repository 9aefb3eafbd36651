-- %f needs a set.
print(("THE END"):match("%f%a+"))
