"""Use cases of accounts: opening, signing in, who am I."""

from __future__ import annotations

from uuid import UUID

from application.service import ServiceBase, retried_on_conflict
from application.views import AccountView, Receipt
from domain import errors
from domain.aggregates.account import Account
from domain.passwords import check_password
from domain.values import Role


class AccountUseCases(ServiceBase):
    """Accounts. Rules: one account per email; only operators open accounts
    other than administrators'."""

    @retried_on_conflict
    def open_account(
        self, actor: UUID, email: str, display_name: str, password: str, role: Role
    ) -> Receipt:
        if role is not Role.ADMINISTRATOR:
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

    def get_account(self, actor: UUID) -> AccountView:
        account = self.account(actor)
        return AccountView(
            id=account.id,
            email=account.email,
            display_name=account.display_name,
            role=account.role,
            centre_ids=account.centre_ids(),
        )
