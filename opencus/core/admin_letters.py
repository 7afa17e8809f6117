"""The letter templates in the Django admin, audited like every admin change. The model's
field validators refuse text that does not compile as a letter template."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import BaseModelForm
from django.http import HttpRequest

from opencus.core.admin import AuditedAdminMixin
from opencus.core.models import LetterTemplate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "language", "subject", "updated_at", "updated_by"]
    list_filter = ["kind", "language"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(
        self, request: HttpRequest, obj: Model, form: BaseModelForm[Any], change: bool
    ) -> None:
        if isinstance(obj, LetterTemplate) and request.user.is_authenticated:
            obj.updated_by = request.user
        super().save_model(request, obj, form, change)
