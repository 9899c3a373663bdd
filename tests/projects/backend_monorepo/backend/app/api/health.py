from fastapi import APIRouter

from app.core.config import SERVICE_NAME

router = APIRouter()


@router.get("/health")
def health() -> dict:
    return {"status": "ok", "service": SERVICE_NAME}
