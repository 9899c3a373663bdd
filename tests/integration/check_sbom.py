#!/usr/bin/env python3
"""check_sbom.py LAYOUT REF FORMAT SCHEMA_DIR [PACKAGE=LICENSE...] [file:PACKAGE=SHA256|URL...]

Checks the SBOM that `pycontainer build --sbom FORMAT` attached to LAYOUT for the image REF:
  - index.json names an artifact "<REF>.sbom": an OCI manifest whose artifactType is the format's media
    type, whose config is the empty descriptor, whose one blob is the document, and whose subject is
    the image REF's manifest (digest, size, media type);
  - CycloneDX documents are valid against CycloneDX's own JSON schema 1.5 (SCHEMA_DIR: the schemas of
    the @cyclonedx/cyclonedx-library package); SPDX documents have every field SPDX 2.3 requires of a
    document and its packages, and relationships only between elements they define;
  - the document names the image by its manifest digest, and lists each PACKAGE with its LICENSE
    ("-" for none declared) and a pkg:pypi purl; a PACKAGE written "deb:NAME" is a package of the base's
    system, listed with a purl pkg:deb/debian/NAME@VERSION?arch=ARCH&distro=debian-N;
  - each file:PACKAGE=SHA256|URL is listed with the file it was installed from: SPDX checksums [SHA256] and
    downloadLocation URL, CycloneDX hashes [SHA-256] and a distribution externalReference to URL.
Prints the names of the Python packages it lists.
Prints the package names found.
"""
import json
import pathlib
import re
import sys

import jsonschema

MEDIA_TYPES = {"spdx": "application/spdx+json", "cyclonedx": "application/vnd.cyclonedx+json"}


def fail(message):
    sys.exit(f"check_sbom: {message}")


def blob(layout, digest):
    return (layout / "blobs" / digest.replace(":", "/")).read_bytes()


def find(index, ref):
    found = [m for m in index["manifests"] if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == ref]
    if len(found) != 1:
        fail(f"index.json names {len(found)} manifests {ref!r}")
    return found[0]


def check_cyclonedx(document, schema_dir):
    store = {}
    for path in pathlib.Path(schema_dir).glob("*.schema.json"):
        schema = json.loads(path.read_text())
        store[schema["$id"]] = schema
    schema = store["http://cyclonedx.org/schema/bom-1.5.schema.json"]
    resolver = jsonschema.RefResolver(schema["$id"], schema, store=store)
    jsonschema.Draft7Validator(schema, resolver=resolver).validate(document)
    packages = {c["name"]: c for c in document["components"] if c["type"] == "library"}
    licenses = {name: c.get("licenses", [{}])[0].get("expression", "-") for name, c in packages.items()}
    purls = {name: c["purl"] for name, c in packages.items()}
    files = {name: ([h["content"] for h in c.get("hashes", []) if h["alg"] == "SHA-256"],
                    [r["url"] for r in c.get("externalReferences", []) if r["type"] == "distribution"])
             for name, c in packages.items()}
    return document["metadata"]["component"]["version"], licenses, purls, files


def check_spdx(document):
    for field in ("spdxVersion", "dataLicense", "SPDXID", "name", "documentNamespace", "creationInfo", "packages"):
        if field not in document:
            fail(f"SPDX document without {field}")
    if document["spdxVersion"] != "SPDX-2.3" or document["dataLicense"] != "CC0-1.0":
        fail("not an SPDX-2.3 document under CC0-1.0")
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", document["creationInfo"]["created"]):
        fail(f"creationInfo.created is not UTC seconds: {document['creationInfo']['created']}")
    if not document["creationInfo"]["creators"][0].startswith("Tool: "):
        fail("no Tool: creator")
    ids = {"SPDXRef-DOCUMENT"}
    for package in document["packages"]:
        for field in ("SPDXID", "name", "downloadLocation"):
            if field not in package:
                fail(f"SPDX package without {field}: {package}")
        if not re.fullmatch(r"SPDXRef-[A-Za-z0-9.\-]+", package["SPDXID"]):
            fail(f"malformed SPDXID {package['SPDXID']}")
        ids.add(package["SPDXID"])
    if len(ids) != len(document["packages"]) + 1:
        fail("duplicate SPDXIDs")
    for relationship in document["relationships"]:
        if relationship["spdxElementId"] not in ids or relationship["relatedSpdxElement"] not in ids:
            fail(f"relationship with an undefined element: {relationship}")
    libraries = [p for p in document["packages"] if p.get("primaryPackagePurpose") == "LIBRARY"]
    licenses = {p["name"]: p["licenseDeclared"].replace("NOASSERTION", "-") for p in libraries}
    purls = {p["name"]: p["externalRefs"][0]["referenceLocator"] for p in libraries}
    files = {p["name"]: ([c["checksumValue"] for c in p.get("checksums", []) if c["algorithm"] == "SHA256"],
                         [p["downloadLocation"]]) for p in libraries}
    image = next(p for p in document["packages"] if p["SPDXID"] == "SPDXRef-Image")
    return image["versionInfo"], licenses, purls, files


def main():
    layout, ref, form, schema_dir = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    expected = dict(item.split("=", 1) if "=" in item else (item, "") for item in sys.argv[5:] if not item.startswith("file:"))
    expected_files = dict(item[5:].split("=", 1) for item in sys.argv[5:] if item.startswith("file:"))
    index = json.loads((layout / "index.json").read_text())
    image = find(index, ref)
    artifact_descriptor = find(index, ref + ".sbom")
    if artifact_descriptor.get("artifactType") != MEDIA_TYPES[form]:
        fail(f"index.json's descriptor of the SBOM has artifactType {artifact_descriptor.get('artifactType')!r}")
    artifact = json.loads(blob(layout, artifact_descriptor["digest"]))
    if artifact.get("artifactType") != MEDIA_TYPES[form]:
        fail(f"artifactType {artifact.get('artifactType')!r}")
    if artifact["config"]["mediaType"] != "application/vnd.oci.empty.v1+json" or blob(layout, artifact["config"]["digest"]) != b"{}":
        fail("the artifact's config is not the empty descriptor")
    subject = artifact["subject"]
    if (subject["digest"], subject["size"], subject["mediaType"]) != (image["digest"], image["size"], image["mediaType"]):
        fail(f"subject {subject} is not the image {image}")
    [layer] = artifact["layers"]
    if layer["mediaType"] != MEDIA_TYPES[form]:
        fail(f"the document's media type is {layer['mediaType']}")
    document = json.loads(blob(layout, layer["digest"]))
    version, licenses, purls, files = check_cyclonedx(document, schema_dir) if form == "cyclonedx" else check_spdx(document)
    if version != image["digest"]:
        fail(f"the document names the image {version}, the layout has {image['digest']}")
    for name, license in expected.items():
        if name.startswith("deb:"):  # a package of the base's system, named by its Debian purl
            pattern = re.compile(r"pkg:deb/debian/" + re.escape(name[4:]) + r"@[^?]+\?arch=[a-z0-9]+&distro=debian-[0-9]+$")
            if not any(pattern.match(purl) for purl in purls.values()):
                fail(f"no system package {name[4:]} with a pkg:deb purl (purls: {sorted(purls.values())[:20]}...)")
            continue
        if licenses.get(name) != license:
            fail(f"package {name}: license {licenses.get(name)!r}, expected {license!r} (packages: {licenses})")
        if not purls[name].startswith("pkg:pypi/"):
            fail(f"package {name}: purl {purls[name]}")
    for name, file in expected_files.items():
        sha256, url = file.split("|", 1)
        if files.get(name) != ([sha256], [url]):
            fail(f"package {name}: installed from {files.get(name)}, expected ([{sha256}], [{url}])")
    print(" ".join(sorted(name for name, purl in purls.items() if purl.startswith("pkg:pypi/"))))


main()
