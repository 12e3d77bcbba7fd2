# The admin tests' people and data: a secretariat editor and one year of portal data.
from tests.admin.conftest import portal, secretary, secretary_client  # noqa: F401
