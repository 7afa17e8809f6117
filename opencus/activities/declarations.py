"""What the activities app adds to core's registries (called from its ``AppConfig.ready``)."""

from __future__ import annotations


def declare() -> None:
    declare_senior()


# --- Vouchers and the Senior+ day home and club (senior part) ---------------------------------


def declare_senior() -> None:
    from django.utils.translation import gettext_lazy as _

    from opencus.activities import capabilities, voucher_views
    from opencus.core.registry import menu_entry, person_link_source

    menu_entry(
        "activities_vouchers",
        _("Vouchers"),
        "activities:voucher_list",
        order=67,
        capability=capabilities.VOUCHER_ISSUE,
        app="activities",
    )
    menu_entry(
        "activities_voucher_redeem",
        _("Redeem a voucher"),
        "activities:voucher_redeem_start",
        order=16,
        capability=capabilities.VOUCHER_REDEEM,
        app="activities",
    )
    menu_entry(
        "activities_daycare",
        _("Senior+ day home and club"),
        "activities:daycare_list",
        order=68,
        capability=capabilities.DAYCARE_REGISTER,
        app="activities",
    )
    person_link_source(
        "activities_vouchers", voucher_views.person_links, app="activities", order=70
    )
