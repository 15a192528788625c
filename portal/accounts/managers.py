from django.contrib.auth.base_user import BaseUserManager


class UserManager(BaseUserManager):
    use_in_migrations = True

    @staticmethod
    def normalize_email_address(email: str) -> str:
        # Whole-address lower-casing: two accounts differing only in case would be
        # indistinguishable to the people who type them.
        return BaseUserManager.normalize_email(email).strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email__iexact=self.normalize_email_address(username or ""))

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email_address(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        from django.utils import timezone

        fields.update(is_staff=True, is_superuser=True, role="admin")
        fields.setdefault("email_verified_at", timezone.now())
        fields.setdefault("full_name", "Administrator")
        return self._create(email, password, **fields)
