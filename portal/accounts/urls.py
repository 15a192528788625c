from django.contrib.auth.views import LogoutView
from django.urls import path

from . import views
from .twofactor import views as two_factor

app_name = "accounts"

urlpatterns = [
    path("sign-up/", views.SignUpView.as_view(), name="sign_up"),
    path("sign-up/done/", views.SignUpDoneView.as_view(), name="sign_up_done"),
    path("verify/<uidb64>/<token>/", views.verify_email, name="verify"),
    path("verify/resend/", views.ResendVerificationView.as_view(), name="resend_verification"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", LogoutView.as_view(), name="logout"),
    path("second-factor/", two_factor.SecondFactorView.as_view(), name="second_factor"),
    path("second-factor/enrol/", two_factor.EnrolView.as_view(), name="enrol_second_factor"),
    path(
        "second-factor/recovery-codes/",
        two_factor.RecoveryCodesView.as_view(),
        name="recovery_codes",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/", views.AccountView.as_view(), name="account"),
    path("language/", views.set_language, name="set_language"),
    path("session/", views.SessionStatusView.as_view(), name="session"),
    path("timed-out/", views.timed_out, name="timed_out"),
]
