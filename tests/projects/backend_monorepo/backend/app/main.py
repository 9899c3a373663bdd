from fastapi import FastAPI

from app.api.health import router

app = FastAPI(title="backend")
app.include_router(router, prefix="/api")
