"""Forms of residents' own pages. They take what was typed; the services check it (and say what
is wrong, field by field)."""

from django import forms

from localism.core.forms import ServiceForm


class RegisterForm(ServiceForm):
    name = forms.CharField(label="Your name", required=False, max_length=300)
    email = forms.CharField(label="Email address", required=False, max_length=300)
    password = forms.CharField(label="Password", required=False, strip=False, max_length=200,
                               widget=forms.PasswordInput)
    postcode = forms.CharField(label="Your postcode", required=False, max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update(autocomplete="name", spellcheck="false")
        self.fields["email"].widget.attrs.update(autocomplete="email", spellcheck="false")
        self.fields["password"].widget.attrs.update(autocomplete="new-password")
        self.fields["postcode"].widget.attrs.update(autocomplete="postal-code")


class DetailsForm(ServiceForm):
    postcode = forms.CharField(label="Your postcode", required=False, max_length=20)
    notify_new_consultations = forms.BooleanField(
        label="Email me when a consultation opens in my ward", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postcode"].widget.attrs.update(autocomplete="postal-code")

