"""The one place the package version is written.

It must equal the version of the C library (meson.build's project version,
reported at run time by protocol_version()); the package refuses to load a
library of another version.
"""

__version__ = "0.1.0"
