from django.http import HttpRequest, HttpResponse


def public_service_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


def programme_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
