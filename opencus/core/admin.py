"""The Django admin writes the same audit log as the services: every save and delete made
through it is a state change with an actor, an object, a time and an address.

Staff accounts and roles are kept here too: a change of a user's roles (groups), a
deactivation or a new password is audited like any other change (a password never in the log),
and a role (a group) cannot be deleted or renamed, since the code knows the roles by name.

API keys are listed here read-only, with a revoke action; they are issued with
``manage.py api_token_issue`` (which shows the secret once), and their hashes are never shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms import BaseModelForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from opencus.core.audit import audit_record
from opencus.core.models import ApiToken, AuditAction
from opencus.core.tokens import api_token_revoke

#: Form fields whose values never go into the audit log (only that they changed).
SECRET_FIELDS = frozenset({"password", "password1", "password2", "usable_password"})


def _plain(value: Any) -> Any:
    """A form value as the audit log keeps it: plain values as they are, objects by name, a
    list of objects (a user's groups) as the sorted names."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, QuerySet | list | tuple | set):
        return sorted(str(item)[:200] for item in value)
    return str(value)[:200]


def _form_changes(form: BaseModelForm[Any]) -> dict[str, Any]:
    """``{field: [before, after]}`` for each field the form changed; secrets only as changed."""
    return {
        name: "changed"
        if name in SECRET_FIELDS
        else [_plain(form.initial.get(name)), _plain(form.cleaned_data.get(name))]
        for name in form.changed_data
    }


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Keys can be looked at and revoked here, not issued, edited or deleted."""

    list_display = ["name", "user", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "key_prefix", "user__username"]
    list_select_related = ["user"]
    # The hash is not listed: with it a key could be tried offline.
    fields = ("name", "user", "key_prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("core.change_apitoken")

    @admin.action(description=_("Revoke the selected keys"), permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                api_token_revoke(token=token, acting_user=request.user)
            except ValidationError:  # revoked by someone else meanwhile
                continue
            revoked += 1
        self.message_user(
            request,
            ngettext("%(n)d key revoked.", "%(n)d keys revoked.", revoked) % {"n": revoked},
            messages.SUCCESS,
        )


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AuditedUserAdmin(AuditedAdminMixin, UserAdmin):  # type: ignore[type-arg]
    """Django's user admin, audited: roles (groups) given or taken, deactivation, a new
    password (only that it changed)."""

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            audit_record(
                actor=request.user,
                action=AuditAction.UPDATE,
                obj=User.objects.get(pk=id),
                changes={"password": "changed"},
            )
        return response


@admin.register(Group)
class RoleAdmin(AuditedAdminMixin, GroupAdmin):
    """Roles are Django groups that the code knows by name: they are never deleted nor
    renamed here (a new group may be added; it gives no capability until the code knows it)."""

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        return ("name",) if obj is not None else ()
