"""Sphinx extension: serve the bundled MathJax 3 from the book's _static/mathjax/.

The build (book/build.py) unpacks the npm package's es5/ folder into a cache folder and passes
its parent as ``local_mathjax_static``; ``mathjax_path`` (relative to _static) then points at
``mathjax/tex-chtml.js``. The folder is added to html_static_path only here, after Jupyter Book
has read its config: Jupyter Book turns every .js file under a configured static path into a
<script> tag on every page, which for MathJax's hundred component files would be wrong.
MathJax is loaded on every page (Sphinx's "always" assets policy), not only on pages with math:
the search page quotes page text, TeX included, and typesets it (_static/search-math.js).
"""
from pathlib import Path

from sphinx.errors import ConfigError


def _add_static(app, config):
    folder = config.local_mathjax_static
    if not folder:
        raise ConfigError("local_mathjax_static is not set: build the book with book/build.py")
    script = Path(folder) / "mathjax" / "tex-chtml.js"
    if not script.is_file():
        raise ConfigError(f"{script} is missing: book/build.py unpacks MathJax there")
    config.html_static_path.append(str(folder))


def setup(app):
    app.add_config_value("local_mathjax_static", "", "html")
    app.connect("config-inited", _add_static)
    app.set_html_assets_policy("always")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
