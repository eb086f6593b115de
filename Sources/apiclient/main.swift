print("apiclient")
