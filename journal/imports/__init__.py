"""Bringing data in from other apps and devices: one module per file format, behind one
interface (`detect`, then `parse` into plain records), one shared preview and one shared
commit that writes an `ImportBatch` (see docs/import.md).

Kept free of imports at package level: `journal.models` loads `journal.imports.models`
while the app registry is being built.
"""
