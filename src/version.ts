// The tool's version, from package.json (the bundler inlines it into dist/).
import pkg from "../package.json" with { type: "json" };

export const VERSION: string = pkg.version;
