"""The ImportContext for a council: the catalogue from both stores, its areas, today and the child key."""

from datetime import date

from analytics.child_keys import hasher, load_key
from analytics.local_catalogue import Catalogue
from analytics.local_import import ImportContext
from analytics.local_store import LocalStore
from analytics.store import Store


def import_context(store: Store, local: LocalStore, area_code: str, today: date | None = None) -> ImportContext:
    """Everything plan_import needs besides the file, for figures about `area_code` (the store's area code)."""
    return ImportContext(catalogue=Catalogue.build(store.measures(), local.declared_measures()),
                         area_code=area_code, today=today or date.today(), areas=store.areas(),
                         child_key=hasher(load_key()))
