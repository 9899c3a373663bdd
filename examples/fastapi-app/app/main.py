from fastapi import FastAPI

app = FastAPI(title="fastapi-app")


@app.get("/")
def root() -> dict:
    return {"message": "Hello from a FastAPI app in a PyContainer image"}


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}
