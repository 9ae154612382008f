"""wikilint's runners: engine, configuration, CLI, reporters, bot and dump scans."""

__version__ = "0.1.0"
