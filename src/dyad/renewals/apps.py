from django.apps import AppConfig


class RenewalsConfig(AppConfig):
    name = "dyad.renewals"
    label = "renewals"
    verbose_name = "Renewals"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from dyad.accounts.signals import person_erased
        from dyad.applications.payments import register_payable

        from . import event_texts, services
        from .models import AuditEvidence, Renewal

        event_texts.register_flow()
        person_erased.connect(
            services.erase_renewal_data_of_erased_person, dispatch_uid="erase-renewal-evidence"
        )
        event_texts.register_sweep()
        register_payable(Renewal, "renewals:payment_return", services.record_paid_by_provider)
        post_delete.connect(
            services.delete_file_after_commit,
            sender=AuditEvidence,
            dispatch_uid="renewal_evidence_files",
        )
