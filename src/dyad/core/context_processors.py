from django.conf import settings


def dyad(request):
    return {"DEMO": settings.DEMO, "DEBUG": settings.DEBUG}
