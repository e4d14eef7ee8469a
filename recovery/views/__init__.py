"""Recovery pages, by audience: `athlete` (Today, Week, Trends, the journal list), `coach`
(the roster and the coach's views of an athlete) and `guidance` (articles, glossary)."""
