"""Inserting many rows fast: one `executemany` per batch, without the ORM's per-row work.

For imports of tens of thousands of rows, where `bulk_create` spends most of its time compiling
each row's SQL. Values go through each field's `get_db_prep_save`, so the database receives what
`save()` would send; defaults and `pre_save` hooks (auto_now and the like) do not run: the caller
sets every value. Returns nothing: the caller reads ids back by a unique column if it needs them.
"""

from __future__ import annotations

from django.db import connections, router


def insert_rows(model, objs, fields: list[str] | None = None, batch_size: int = 5000) -> None:
    """INSERT `objs` (instances of `model`) into its table: the columns of `fields`, or every
    concrete column but the primary key (an instance holds its fields' defaults)."""
    objs = list(objs)
    if not objs:
        return
    db = router.db_for_write(model)
    connection = connections[db]
    if fields is None:
        concrete = [f for f in model._meta.concrete_fields if not f.primary_key]
    else:
        concrete = [model._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in concrete)
    marks = ", ".join(["%s"] * len(concrete))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    prep = [(f.attname, f.get_db_prep_save) for f in concrete]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            chunk = objs[start : start + batch_size]
            cursor.executemany(
                sql,
                [
                    [to_db(getattr(o, attname), connection) for attname, to_db in prep]
                    for o in chunk
                ],
            )
