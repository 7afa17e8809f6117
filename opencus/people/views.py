from django.http import HttpRequest, HttpResponse


def search(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


def create(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
