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
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencus.core.audit import audit_record
from opencus.core.models import ApiToken, AuditAction, Authenticator, BackupCodes
from opencus.core.roles import ROLE_LABELS, Role
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
class AuditedUserAdmin(AuditedAdminMixin, UserAdmin):
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

    list_display = ["name", "role"]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        return ("name",) if obj is not None else ()

    @admin.display(description=_("Role"))
    def role(self, group: Group) -> str:
        try:
            return str(ROLE_LABELS[Role(group.name)])
        except ValueError:
            return "–"


# django-otp registers its devices' admin in English (it ships no Polish and its models' names
# are plain strings): the admin shows them through Polish-named proxies instead, read-only.
# Deleting one resets a lost authenticator, and is audited; its owner then sets up a new one.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


class _DeviceAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["owner", "device_name", "is_confirmed", "created", "last_used"]
    fields = ("owner", "device_name", "is_confirmed", "created", "last_used")
    readonly_fields = fields
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    search_help_text = _("Search by the user's name, user name or e-mail address.")
    ordering = ["user__username", "id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    @admin.display(description=_("User"), ordering="user__username")
    def owner(self, device: Any) -> str:
        return f"{device.user.get_full_name() or device.user.username} ({device.user.username})"

    @admin.display(description=_("Device name"))
    def device_name(self, device: Any) -> str:
        return str(device.name)

    @admin.display(description=_("Ready for use"), boolean=True)
    def is_confirmed(self, device: Any) -> bool:
        return bool(device.confirmed)

    @admin.display(description=_("Set up"), ordering="created_at")
    def created(self, device: Any) -> Any:
        return device.created_at

    @admin.display(description=_("Last used"), ordering="last_used_at")
    def last_used(self, device: Any) -> Any:
        return device.last_used_at


@admin.register(Authenticator)
class AuthenticatorAdmin(_DeviceAdmin):
    pass


@admin.register(BackupCodes)
class BackupCodesAdmin(_DeviceAdmin):
    pass
