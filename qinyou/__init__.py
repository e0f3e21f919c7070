"""qinyou (亲友): a knowledge-graph explorer for poverty-alleviation supervision.

The library lives in the top-level packages ``graph`` (schema, ids, stores),
``ingest`` (rosters and case notices), ``queries`` (saved Cypher); this
package holds what ties them together: settings, errors, the library API
and the command line.
"""

__version__ = "0.1.0"
