"""ECPay (綠界科技) All-In-One checkout (AioCheckOut V5).

The payer's browser posts a signed form to ECPay's hosted page; ECPay then posts signed
messages back: the payment result to ReturnURL (server to server) and OrderResultURL (the
browser), and for convenience-store payments the issued payment code to PaymentInfoURL.
This adapter only builds that form and checks and reads those messages: what they mean for
an order is decided in `payments.services.receive`, never here.

Every message is signed with CheckMacValue, a hash over the sorted fields sandwiched
between the merchant's HashKey and HashIV (developers.ecpay.com.tw/?p=2902, English
?p=16623). The fields are URL-encoded the way .NET's HttpUtility.UrlEncode does it,
because that is what ECPay's own servers run: see `dotnet_urlencode`.
"""

import datetime
import hashlib
import hmac
import re
import urllib.parse
import zoneinfo
from collections.abc import Mapping

from django.utils import timezone

from .base import Gateway, MalformedMessage, Method, Notification, Redirect, SignatureMismatch

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")
# ECPay's date format (yyyy/MM/dd HH:mm:ss), always Taipei time.
DATE_FORMAT = "%Y/%m/%d %H:%M:%S"

# MerchantTradeNo: String(20), "upper and lower case alphanumeric characters". ASCII only:
# str.isalnum() would let full-width and other Unicode digits through.
REFERENCE_PATTERN = re.compile(r"[A-Za-z0-9]{1,20}")
ITEM_NAME_MAX = 400  # ECPay cuts longer names itself; we cut first so we sign what is shown
TRADE_DESC_MAX = 200
URL_MAX = 200  # ReturnURL, OrderResultURL and PaymentInfoURL are String(200)

RTN_PAID = "1"
RTN_CVS_CODE_ISSUED = "10100073"  # PaymentInfoURL: "Get CVS Code Succeeded."

CHOOSE_PAYMENT = {Method.CARD: "Credit", Method.STORE: "CVS"}
# PaymentType comes back as <family>_<detail>: Credit_CreditCard, CVS_CVS, CVS_FAMILY...
PAYMENT_FAMILY = {"Credit": Method.CARD, "CVS": Method.STORE}

_PERCENT_ESCAPE = re.compile(r"%[0-9A-F]{2}")


def dotnet_urlencode(text: str) -> str:
    """Encode like .NET's HttpUtility.UrlEncode, the ".NET編碼(ecpay)" column of ECPay's
    URLEncode conversion table (support.ecpay.com.tw/16692): UTF-8, space as "+",
    ``- _ . ! * ( )`` left alone, everything else escaped with lowercase hex.

    Python's quote_plus gets all of that right except "~", which it never escapes (RFC 3986
    unreserved) while .NET and the table give "%7e". A "~" in an item name would otherwise
    produce a CheckMacValue that ECPay rejects.
    """
    encoded = urllib.parse.quote_plus(text, safe="-_.!*()")
    encoded = encoded.replace("~", "%7E")
    return _PERCENT_ESCAPE.sub(lambda m: m.group(0).lower(), encoded)


def sorted_query(fields: Mapping[str, str]) -> str:
    """Step 1: `k=v` joined with "&", keys A to Z ignoring case, CheckMacValue left out.

    Ignoring case matters: ECPay's callbacks mix keys like ``amount``, ``ATMAccBank`` and
    ``auth_code``, and it signs them in case-insensitive order (ordinal order would put
    every capitalised key first and the hash would not match)."""
    pairs = [(str(k), str(v)) for k, v in fields.items() if k != "CheckMacValue"]
    pairs.sort(key=lambda kv: (kv[0].lower(), kv[0]))
    return "&".join(f"{k}={v}" for k, v in pairs)


def check_mac_source(fields: Mapping[str, str], hash_key: str, hash_iv: str) -> str:
    """Step 2: the sorted fields between the merchant's HashKey and HashIV."""
    return f"HashKey={hash_key}&{sorted_query(fields)}&HashIV={hash_iv}"


def check_mac_value(
    fields: Mapping[str, str], hash_key: str, hash_iv: str, *, encrypt_type: int = 1
) -> str:
    """ECPay's CheckMacValue: URL-encode the sandwiched string (.NET rules), lowercase it,
    hash it (SHA256 for EncryptType=1, MD5 for the legacy EncryptType=0), uppercase hex."""
    if encrypt_type == 1:
        algorithm = hashlib.sha256
    elif encrypt_type == 0:
        algorithm = hashlib.md5  # only to read legacy messages; we always sign with SHA256
    else:
        raise ValueError(f"unknown EncryptType {encrypt_type!r}")
    encoded = dotnet_urlencode(check_mac_source(fields, hash_key, hash_iv)).lower()
    return algorithm(encoded.encode("ascii")).hexdigest().upper()


def _parse_taipei(value: str, field: str) -> datetime.datetime:
    try:
        naive = datetime.datetime.strptime(value, DATE_FORMAT)
    except ValueError:
        raise MalformedMessage(f"{field} is not a date: {value!r}") from None
    # Taiwan has had no daylight saving since 1979, so every wall time is unambiguous.
    return naive.replace(tzinfo=TAIPEI)


class EcpayGateway(Gateway):
    code = "ecpay"

    def __init__(
        self,
        *,
        merchant_id: str,
        hash_key: str,
        hash_iv: str,
        service_url: str,
        trade_desc: str = "Permit fee",
        store_expire_minutes: int = 4320,
    ):
        # An empty key would still produce a CheckMacValue, one anybody could compute: the
        # adapter refuses to exist rather than sign with it (whitespace counts as empty).
        if not all(str(value or "").strip() for value in (merchant_id, hash_key, hash_iv)):
            raise ValueError("ECPay needs a merchant id, a HashKey and a HashIV")
        if not str(service_url or "").strip():
            raise ValueError("ECPay needs the URL of its payment page")
        self.merchant_id = merchant_id
        self.hash_key = hash_key
        self.hash_iv = hash_iv
        self.service_url = service_url
        # TradeDesc must not contain special characters (AioCheckOut parameters), so it is
        # a fixed phrase rather than the payment's description.
        self.trade_desc = trade_desc[:TRADE_DESC_MAX]
        # StoreExpireDate is in minutes for CVS (ECPay allows 1 minute to 60 days).
        if not 1 <= store_expire_minutes <= 60 * 24 * 60:
            raise ValueError("store_expire_minutes must be between 1 minute and 60 days")
        self.store_expire_minutes = store_expire_minutes

    def __repr__(self):
        # Never show the keys in logs or tracebacks.
        return f"EcpayGateway(merchant_id={self.merchant_id!r}, service_url={self.service_url!r})"

    def sign(self, fields: Mapping[str, str]) -> str:
        return check_mac_value(fields, self.hash_key, self.hash_iv, encrypt_type=1)

    def start(
        self,
        *,
        reference: str,
        amount: int,
        method: str,
        description: str,
        created_at: datetime.datetime,
        callback_url: str,
        return_url: str,
        language: str,
    ) -> Redirect:
        if not REFERENCE_PATTERN.fullmatch(reference):
            raise ValueError(f"ECPay needs 1 to 20 ASCII letters and digits, got {reference!r}")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ValueError(f"amount must be a positive whole number of NT$, got {amount!r}")
        if method not in CHOOSE_PAYMENT:
            raise ValueError(f"ECPay adapter does not offer method {method!r}")
        for url in (callback_url, return_url):
            if len(url) > URL_MAX:
                raise ValueError(f"ECPay accepts URLs of at most {URL_MAX} characters: {url}")
        if timezone.is_naive(created_at):
            raise ValueError("created_at must be an aware datetime")

        # "#" starts a new line of items on ECPay's page; one payment is one item.
        item_name = description.replace("#", "＃")[:ITEM_NAME_MAX]
        fields = {
            "MerchantID": self.merchant_id,
            "MerchantTradeNo": reference,
            "MerchantTradeDate": timezone.localtime(created_at, TAIPEI).strftime(DATE_FORMAT),
            "PaymentType": "aio",
            "TotalAmount": str(amount),
            "TradeDesc": self.trade_desc,
            "ItemName": item_name,
            "ReturnURL": callback_url,
            "OrderResultURL": return_url,
            "ChoosePayment": CHOOSE_PAYMENT[method],
            "EncryptType": "1",
            "NeedExtraPaidInfo": "N",
        }
        if method == Method.STORE:
            # Where ECPay posts the payment code once issued; the payment itself still
            # arrives at ReturnURL. Both go to the one callback view.
            fields["PaymentInfoURL"] = callback_url
            fields["StoreExpireDate"] = str(self.store_expire_minutes)
        if language.lower().startswith("en"):
            fields["Language"] = "ENG"  # omitted means Chinese, ECPay's default
        fields["CheckMacValue"] = self.sign(fields)
        return Redirect(url=self.service_url, fields=fields)

    def parse(self, fields: dict[str, str]) -> Notification:
        fields = {str(k): str(v) for k, v in fields.items()}
        self._verify(fields)

        def required(name: str) -> str:
            value = fields.get(name, "")
            if not value:
                raise MalformedMessage(f"{name} is missing")
            return value

        if required("MerchantID") != self.merchant_id:
            # Signed with our key yet for another merchant id: not a message for us.
            raise MalformedMessage(f"message for merchant {fields['MerchantID']!r}")
        reference = required("MerchantTradeNo")
        rtn_code = required("RtnCode")
        amount_text = required("TradeAmt")
        if not re.fullmatch(r"[0-9]+", amount_text):
            raise MalformedMessage(f"TradeAmt is not a whole number: {amount_text!r}")
        payment_type = required("PaymentType")
        method = PAYMENT_FAMILY.get(payment_type.split("_", 1)[0])
        if method is None:
            raise MalformedMessage(f"PaymentType {payment_type!r} is not one we offer")

        paid = rtn_code == RTN_PAID
        code_issued = rtn_code == RTN_CVS_CODE_ISSUED and method == Method.STORE
        transaction_id = required("TradeNo") if paid or code_issued else fields.get("TradeNo", "")

        paid_at = None
        if fields.get("PaymentDate"):
            # ECPay sends an empty PaymentDate on unpaid messages. A paid message without
            # one is still a payment: the services fall back to the time of receipt.
            paid_at = _parse_taipei(fields["PaymentDate"], "PaymentDate")

        store_code = ""
        store_code_expires_at = None
        if code_issued:
            store_code = required("PaymentNo")
            store_code_expires_at = _parse_taipei(required("ExpireDate"), "ExpireDate")

        return Notification(
            reference=reference,
            transaction_id=transaction_id,
            amount=int(amount_text),
            paid=paid,
            method=method,
            # Set when someone pressed "simulate payment" in ECPay's merchant back office:
            # ECPay moves no money for it, so it must never count as a payment in production.
            simulated=fields.get("SimulatePaid") == "1",
            paid_at=paid_at,
            store_code=store_code,
            store_code_expires_at=store_code_expires_at,
            message=fields.get("RtnMsg", ""),
        )

    def _verify(self, fields: Mapping[str, str]) -> None:
        received = fields.get("CheckMacValue", "")
        if not received:
            raise SignatureMismatch("CheckMacValue is missing")
        expected = self.sign(fields)
        # Constant time, so that response timing tells a forger nothing; hex is compared
        # case-insensitively. Bytes, because compare_digest refuses non-ASCII str.
        if not hmac.compare_digest(expected.encode(), received.upper().encode("utf-8")):
            raise SignatureMismatch("CheckMacValue does not match")
