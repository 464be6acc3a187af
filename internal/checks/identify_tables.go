package checks

// The tables below follow the identify library (github.com/pre-commit/identify)
// for the file kinds app repositories hold; tags are space-separated.

// extensionTags maps a lower-case extension (no dot) to its tags.
var extensionTags = map[string]string{
	"bash": "text shell bash", "bat": "text batch", "bmp": "binary image bitmap",
	"bz2": "binary bzip2", "c": "text c", "cc": "text c++", "cfg": "text",
	"cjs": "text javascript", "conf": "text", "cpp": "text c++", "crt": "text pem",
	"cs": "text c#", "css": "text css", "csv": "text csv", "cxx": "text c++",
	"dart": "text dart", "diff": "text diff", "dockerfile": "text dockerfile",
	"dotenv": "text dotenv", "env": "text dotenv", "eot": "binary eot",
	"erb": "text erb", "exe": "binary", "gif": "binary image gif", "go": "text go",
	"gql": "text graphql", "gradle": "text groovy", "graphql": "text graphql",
	"groovy": "text groovy", "gz": "binary gzip", "h": "text header c c++",
	"hcl": "text hcl", "hpp": "text header c++", "htm": "text html",
	"html": "text html", "ico": "binary icon", "ini": "text ini",
	"ipynb": "text jupyter json", "jar": "binary zip jar", "java": "text java",
	"jpeg": "binary image jpeg", "jpg": "binary image jpeg", "js": "text javascript",
	"json": "text json", "json5": "text json5", "jsonc": "text jsonc", "jsx": "text jsx",
	"key": "text pem", "kt": "text kotlin", "kts": "text kotlin", "less": "text less",
	"lock": "text", "log": "text log", "lua": "text lua", "m4": "text m4",
	"make": "text makefile", "markdown": "text markdown", "md": "text markdown",
	"mdx": "text mdx", "mjs": "text javascript", "mk": "text makefile",
	"mod": "text go-mod", "mp3": "binary audio mp3", "mp4": "binary video mp4",
	"otf": "binary otf", "pdf": "binary pdf", "pem": "text pem", "php": "text php",
	"pl": "text perl", "pm": "text perl", "png": "binary image png",
	"properties": "text java-properties", "proto": "text proto",
	"ps1": "text powershell", "py": "text python", "pyi": "text pyi",
	"pyx": "text cython", "r": "text r", "rb": "text ruby", "rs": "text rust",
	"rst": "text rst", "sass": "text sass", "scala": "text scala",
	"scss": "text scss", "sh": "text shell", "sql": "text sql", "sum": "text go-sum",
	"svg": "text image svg xml", "swift": "text swift", "tar": "binary tar",
	"template": "text", "tf": "text terraform", "tfvars": "text terraform",
	"tgz": "binary gzip", "toml": "text toml", "ts": "text ts", "tsx": "text tsx",
	"ttf": "binary ttf", "txt": "text plain-text", "vue": "text vue",
	"wasm": "binary wasm", "wav": "binary audio wav", "webp": "binary image webp",
	"whl": "binary wheel zip", "woff": "binary woff", "woff2": "binary woff2",
	"xhtml": "text xml html xhtml", "xml": "text xml", "xsd": "text xml xsd",
	"yaml": "text yaml", "yml": "text yaml", "zig": "text zig", "zip": "binary zip",
	"zsh": "text shell zsh",
}

// nameTags maps special file names (or a dot-separated part of one, so that
// Dockerfile.dev is a dockerfile) to their tags.
var nameTags = map[string]string{
	".babelrc": "text json babelrc", ".bash_profile": "text shell bash",
	".bashrc": "text shell bash", ".clang-format": "text yaml",
	".coveragerc": "text ini coveragerc", ".dockerignore": "text dockerignore",
	".editorconfig": "text editorconfig", ".flake8": "text ini flake8",
	".gitattributes": "text gitattributes", ".gitconfig": "text ini gitconfig",
	".gitignore": "text gitignore", ".gitmodules": "text gitmodules",
	".npmignore": "text npmignore", ".prettierignore": "text gitignore prettierignore",
	".pre-commit-config.yaml": "text yaml", ".yamllint": "text yaml yamllint",
	".zshrc": "text shell zsh", "BUILD": "text bazel", "CMakeLists.txt": "text cmake",
	"Dockerfile": "text dockerfile", "Gemfile": "text ruby", "Jenkinsfile": "text groovy jenkins",
	"LICENSE": "text plain-text", "Makefile": "text makefile", "NOTICE": "text plain-text",
	"Pipfile": "text toml", "Procfile": "text procfile", "README": "text plain-text",
	"Vagrantfile": "text ruby", "WORKSPACE": "text bazel", "go.mod": "text go-mod",
	"go.sum": "text go-sum", "makefile": "text makefile", "pylintrc": "text ini pylintrc",
	"setup.cfg": "text ini",
}

// interpreterTags maps shebang interpreters to tags.
var interpreterTags = map[string]string{
	"ash": "shell ash", "bash": "shell bash", "dash": "shell dash", "ksh": "shell ksh",
	"node": "javascript", "nodejs": "javascript", "perl": "perl", "php": "php",
	"python": "python", "python2": "python python2", "python3": "python python3",
	"ruby": "ruby", "sh": "shell sh", "tcsh": "shell tcsh", "zsh": "shell zsh",
}
