"""What the accessibility tests share: the CSP listener and fast password hashing."""

import pytest

# Listens for CSP violations from the first byte; init scripts are not subject to the CSP.
CSP_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const { violatedDirective, blockedURI, sourceFile, lineNumber } = event;
  window.__csp.push(`${violatedDirective} ${blockedURI} ${sourceFile}:${lineNumber}`);
});
"""


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
