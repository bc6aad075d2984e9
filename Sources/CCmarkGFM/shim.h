// cmark-gfm (the GFM reference parser) and its table/strikethrough/autolink extensions.
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
