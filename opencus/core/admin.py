"""The Django admin writes the same audit log as the services: every save and delete made
through it is a state change with an actor, an object, a time and an address."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import BaseModelForm
from django.http import HttpRequest

from opencus.core.audit import audit_record
from opencus.core.models import AuditAction


def _form_changes(form: BaseModelForm[Any]) -> dict[str, Any]:
    return {name: [None, str(form.cleaned_data.get(name))[:200]] for name in form.changed_data}


class AuditedAdminMixin:
    """Mix into a ``ModelAdmin``: audit rows for the object and for each inline row changed."""

    def save_model(
        self, request: HttpRequest, obj: Model, form: BaseModelForm[Any], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        if form.changed_data or not change:
            audit_record(
                actor=request.user,
                action=AuditAction.UPDATE if change else AuditAction.CREATE,
                obj=obj,
                changes=_form_changes(form),
            )

    def save_formset(
        self, request: HttpRequest, form: BaseModelForm[Any], formset: Any, change: bool
    ) -> None:
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        for obj in formset.new_objects:
            audit_record(actor=request.user, action=AuditAction.CREATE, obj=obj)
        for obj, fields in formset.changed_objects:
            audit_record(
                actor=request.user,
                action=AuditAction.UPDATE,
                obj=obj,
                changes={name: [None, str(getattr(obj, name, ""))[:200]] for name in fields},
            )
        for obj in formset.deleted_objects:
            audit_record(actor=request.user, action=AuditAction.DELETE, obj=obj)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        audit_record(actor=request.user, action=AuditAction.DELETE, obj=obj)
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            audit_record(actor=request.user, action=AuditAction.DELETE, obj=obj)
        super().delete_queryset(request, queryset)  # type: ignore[misc]


admin.site.site_header = admin.site.site_title = "OpenCUS"
