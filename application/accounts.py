"""Use cases of accounts: opening, signing in, granting a centre."""

from __future__ import annotations

from uuid import UUID

from application.service import ServiceBase, check_version, retried_on_conflict
from application.views import AccountView, Receipt
from domain import errors
from domain.aggregates.account import Account
from domain.passwords import check_password
from domain.values import Role


class AccountUseCases(ServiceBase):
    """Accounts and administration rights. Rule: one account per email."""

    @retried_on_conflict
    def open_account(
        self, actor: UUID, email: str, display_name: str, password: str, role: Role
    ) -> Receipt:
        if role in (Role.OPERATOR, Role.REVIEWER):
            self.require_operator(actor)
        check_password(password)
        if self.exists(Account.id_for(email)):
            raise errors.EmailTaken("An account with this email already exists.", field="email")
        account = Account.open(
            email, display_name, self.hasher.hash(password), role, by=actor, at=self.now()
        )
        return Receipt(account.id, account.version, self.commit(account))

    def authenticate(self, email: str, password: str) -> UUID:
        """The account's id if the password is right; one message for every failure."""
        refusal = errors.AuthenticationFailed("Unknown email or wrong password.")
        account_id = Account.id_for(email)
        if not self.exists(account_id):
            self.hasher.hash(password)  # the same work either way: no timing oracle
            raise refusal
        account = self.load(Account, account_id, "account")
        if not self.hasher.verify(account.password_hash, password):
            raise refusal
        return account.id

    def find_account(self, email: str) -> UUID:
        account_id = Account.id_for(email)
        if not self.exists(account_id):
            raise errors.NotFound("No account has this email.", field="email")
        return account_id

    def get_account(self, actor: UUID) -> AccountView:
        account = self.account(actor)
        return AccountView(
            id=account.id,
            email=account.email,
            display_name=account.display_name,
            role=account.role,
            centre_ids=account.centre_ids(),
        )

    @retried_on_conflict
    def grant_administration(
        self,
        actor: UUID,
        centre_id: UUID,
        email: str,
        display_name: str | None = None,
        password: str | None = None,
        expected_version: int | None = None,
    ) -> Receipt:
        """Makes an account administrator of the centre, opening it if needed."""
        centre = self.centre_for(actor, centre_id)
        check_version(centre, expected_version, "centre")
        now = self.now()
        account_id = Account.id_for(email)
        if self.exists(account_id):
            account = self.load(Account, account_id, "account")
        elif password is None or display_name is None:
            raise errors.NotFound(
                "No account has this email: give a display name and a password to open one.",
                field="email",
            )
        else:
            check_password(password)
            account = Account.open(
                email, display_name, self.hasher.hash(password), Role.ADMINISTRATOR, actor, now
            )
        centre.grant_administration(account.id, by=actor, at=now)
        account.grant_centre(centre.id, by=actor, at=now)
        return Receipt(centre.id, centre.version, self.commit(centre, account))
