"""The runtime of every generated package, as ordinary modules.

Generation copies each module here into the output package verbatim, under the generated header;
they import one another relatively, so they run the same here (where they are linted, type-checked
and tested directly) and in the output. The output's own `__init__.py` is generated: it lists the
package's services in `SERVICES`, which here is empty.
"""

SERVICES: tuple[str, ...] = ()
