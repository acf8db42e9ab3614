print("racktwin")
