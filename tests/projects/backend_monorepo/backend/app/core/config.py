SERVICE_NAME = "backend"
