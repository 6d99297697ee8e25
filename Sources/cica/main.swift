print("cica")
