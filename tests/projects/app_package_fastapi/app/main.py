from fastapi import FastAPI

from .routers import items

app = FastAPI(title="Items service")
app.include_router(items.router)


@app.get("/")
async def root():
    return {"message": "Hello from app_package_fastapi"}
