#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::remote {

// One distribution file a lock or an index names.
struct IndexFile {
  std::string filename;            // "Flask-3.0.0-py3-none-any.whl"
  std::string url;                 // absolute http(s):// or file:// URL, or an absolute local path (find-links)
  std::vector<std::string> hashes; // "sha256:HEX" (the URL's #sha256= fragment, PEP 691 "hashes", the lock)
  bool yanked = false;
  std::string requires_python;     // a PEP 440 specifier set, "" when none is given
};

// The project a distribution's file name belongs to, normalised: the part before the first "-" of a
// wheel ("Flask-3.0.0-py3-none-any.whl"), the part before the "-" followed by a digit of an sdist
// ("zope.interface-6.0.tar.gz"); "" for other names.
std::string project_of_filename(std::string_view filename);

// The "sha256:HEX" of a URL's fragment ("#sha256=HEX"; also md5, sha1, sha224, sha384, sha512), hex lower-cased.
// Empty when the fragment names no hash.
std::string hash_of_fragment(std::string_view url);

// The files of a PEP 503 project page (HTML): every <a href> resolved against `page_url` (or the page's
// <base href>), its fragment's hash taken out of the URL, data-requires-python and data-yanked read,
// HTML character references decoded. The file name is the URL's last path segment, percent-decoded.
// Anchors without href, and comments, are skipped; nothing in a page is an error.
std::vector<IndexFile> parse_simple_html(std::string_view page_url, std::string_view html);

// The files of a PEP 691 project page (application/vnd.pypi.simple.v1+json): "files" with "filename",
// "url" (resolved against `page_url`), "hashes", "requires-python", "yanked" (true or a reason).
// Throws RegistryError naming `page_url` for a body that is not such JSON.
std::vector<IndexFile> parse_simple_json(std::string_view page_url, std::string_view json);

// Decodes HTML character references: &amp; &lt; &gt; &quot; &apos; &#39; &#NNN; &#xHH; (an unknown or
// malformed one is kept as it is).
std::string decode_html_entities(std::string_view text);

} // namespace pycontainer::remote
