#!/usr/bin/env python3
"""Builds a form -> lemma map from Debian's hunspell-pl dictionary (pl_PL.dic / pl_PL.aff) for the
lemmatiser column of bench/search-eval.

Licence of the dictionary: Debian's copyright file of hunspell-pl lists pl_PL as
"GPL or LGPL or MPL or Apache-2.0 or CC-SA-1.0" (Marek Futrega et al., the sjp.pl/kurnik project);
this project uses it under its Apache-2.0 option (see bench/search-eval/README.md). The map is a
derived file and is NOT committed (it is about 100 MB): build it where you need it.

Expansion: every dictionary entry word/FLAGS is the lemma; each suffix rule (SFX) of its flags
whose condition matches the end of the word gives a form (strip, then add), and the prefix rule
(PFX b = "nie") gives "nie" + the word and, as cross product, "nie" + each suffixed form (their lemma
keeps the "nie": "niepubliczny"). The aff file of pl_PL has no continuation classes, so one level
of affixes is all there is. Keys and lemmas are lowercased and folded (Polish letters replaced by
base letters, as search-pl does), so a query typed without Polish letters finds the same lemma.

Usage: python3 scripts/build-lemmas.py [OUT] [DIC] [AFF]
       OUT defaults to target/hunspell-pl-lemmas.tsv; DIC/AFF to /usr/share/hunspell/pl_PL.{dic,aff}
       (apt-get install hunspell-pl). Output lines: form<TAB>lemma[ lemma...], sorted by form.
"""
import re
import sys
from collections import defaultdict

FOLD = str.maketrans("ąćęłńóśźż", "acelnoszz")


def fold(s):
    return s.lower().translate(FOLD)


def read(path, enc):
    with open(path, encoding=enc, errors="replace") as f:
        return f.read().splitlines()


def parse_aff(lines):
    rules = {}  # flag -> (kind, cross, [(strip, add, regex)])
    i = 0
    while i < len(lines):
        parts = lines[i].split()
        if len(parts) == 4 and parts[0] in ("SFX", "PFX") and parts[2] in ("Y", "N"):
            kind, flag, cross, count = parts[0], parts[1], parts[2] == "Y", int(parts[3])
            lst = []
            for j in range(1, count + 1):
                p = lines[i + j].split()
                strip = "" if p[2] == "0" else p[2]
                add = "" if p[3] == "0" else p[3].split("/")[0]
                cond = p[4] if len(p) > 4 else "."
                if kind == "SFX":
                    rx = re.compile("(?:" + cond + ")$")
                else:
                    rx = re.compile("^(?:" + cond + ")")
                lst.append((strip, add, rx))
            rules[flag] = (kind, cross, lst)
            i += count + 1
        else:
            i += 1
    return rules


def expand(word, flags, rules):
    """(form, lemma) pairs of one dictionary entry."""
    out = [(word, word)]
    suffixed = [word]
    for fl in flags:
        r = rules.get(fl)
        if not r or r[0] != "SFX":
            continue
        for strip, add, rx in r[2]:
            if rx.search(word) and (not strip or word.endswith(strip)):
                form = (word[: len(word) - len(strip)] if strip else word) + add
                out.append((form, word))
                if r[1]:
                    suffixed.append(form)
    for fl in flags:
        r = rules.get(fl)
        if not r or r[0] != "PFX":
            continue
        for strip, add, rx in r[2]:
            if not rx.search(word):
                continue
            for form in suffixed if r[1] else [word]:
                base = form[len(strip):] if strip and form.startswith(strip) else form
                out.append((add + base, add + word))
    return out


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "target/hunspell-pl-lemmas.tsv"
    dic = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/hunspell/pl_PL.dic"
    aff = sys.argv[3] if len(sys.argv) > 3 else "/usr/share/hunspell/pl_PL.aff"
    aff_lines = read(aff, "iso-8859-2")
    enc = "iso-8859-2"
    for line in aff_lines:
        if line.startswith("SET "):
            enc = line.split()[1].lower().replace("iso8859", "iso-8859")
    rules = parse_aff(read(aff, enc))
    lemmas = defaultdict(set)
    entries = 0
    for line in read(dic, enc)[1:]:
        if not line.strip():
            continue
        word, _, flags = line.partition("/")
        word = word.strip()
        entries += 1
        for form, lemma in expand(word, flags.strip(), rules):
            lemmas[fold(form)].add(fold(lemma))
    with open(out, "w", encoding="utf-8") as f:
        for form in sorted(lemmas):
            f.write(form + "\t" + " ".join(sorted(lemmas[form])) + "\n")
    print(f"{entries} entries, {len(lemmas)} forms -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
