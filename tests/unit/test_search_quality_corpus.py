"""Search quality floors on the full shared corpus (issue 16).

Each floor is the figure measured when the method was last tuned, less 0.02:
a change that makes officers' questions answer worse fails here.  Floors are
kept for the tuning part of tests/eval/patrol.yaml, the project's older
colloquial set, the training sets patrol3a-c, patrol4a, patrol5a-b, patrol6a-c, patrol7a-h, patrol8a-h and
patrol9a-h, and the catalog wording of shared/eval/dev.yaml.  The held-out part of the patrol set, patrol2,
patrol4h and heldout10a-c have no floor on purpose: they are reported, never tuned.

The corpus index is built once per session (a few minutes); set
``YIJU_EVAL_DATA_DIR`` to a data dir already ingested from shared/corpus/laws
to reuse it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.evaluation import evaluate, load_cases, split_cases

pytestmark = pytest.mark.corpus

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
MARGIN = 0.02

# set: (cases file, part) -> measured (recall@5, MRR) with the method of this commit, the lower of the full corpus and
# the laws-only ingest.  Since the asked-article table (kg.search.asked, 2026-12-08) the training sets' figures are
# in sample: the table holds their own (word, article) pairs; before it (same ingest, previous model) they were:
# patrol-tuning 0.930/0.797; colloquial 0.973/0.898; patrol3a 0.955/0.844; patrol3b 0.969/0.851; patrol3c
# 0.971/0.828; patrol4a 0.940/0.816; patrol5a 0.947/0.804; patrol5b 0.961/0.841; patrol6a 0.929/0.828; patrol6b
# 0.932/0.836; patrol6c 0.932/0.829; patrol7a 0.931/0.783; patrol7b 0.957/0.805; patrol7c 0.870/0.750; patrol7d
# 0.876/0.760; patrol7e 0.918/0.801; patrol7f 0.967/0.851; patrol7g 0.940/0.812; patrol7h 0.849/0.723; patrol8a
# 0.744/0.632; patrol8b 0.909/0.787; patrol8c 0.894/0.764; patrol8d 0.847/0.707; patrol8e 0.842/0.752; patrol8f
# 0.844/0.724; patrol8g 0.890/0.757; patrol8h 0.909/0.819; patrol9a 0.848/0.740; patrol9b 0.795/0.686; patrol9c
# 0.793/0.707; patrol9d 0.862/0.734; patrol9e 0.929/0.835; patrol9f 0.938/0.851; patrol9g 0.887/0.738; patrol9h
# 0.874/0.745.
# Held-out and cross-validated figures are in the README and the closing notes.
MEASURED = {
    # with the learned ranker (kg.search.learned, trained on patrol tuning + colloquial); before it 0.507 / 0.384;
    # 0.587 / 0.434 before its character-overlap features (both on a fresh ingest of main, 处理依据 pairing);
    # retrained on the ingest of round 2's penalty rules (0.632 / 0.477 with the weights of the ingest before);
    # 0.627 / 0.470 before items citing no statute stopped sharing one title (retrained after that fix);
    # 0.612 / 0.460 retrained with patrol3a-c added to training, before the category thesaurus (issue 16);
    # 0.756 / 0.579 before thesaurus round 3, patrol5a-b in training and the listwise loss;
    # 0.831 / 0.665 before thesaurus round 4, the word associations, the trees' blend and patrol6a-c in training
    # (the trees fit their training cases closely: these trained-on figures are in sample, see the held-out ones)
    "patrol-tuning": (REPO / "tests/eval/patrol.yaml", "tuning", 0.960, 0.885),
    # 0.849 / 0.717 before articles that only order (责令停止建设, 限期拆除: 行政处罚法 arts. 9, 28) stopped
    # counting as 罚则 and lost their inferred 违则 pairs (issue 15); 0.808 / 0.696 before the learned ranker;
    # 0.904 / 0.753 before its character-overlap features; 0.890 / 0.769 before the category thesaurus and the
    # retrain on patrol3a-c; 0.904 / 0.756 before thesaurus round 3 and the listwise loss; 0.945 / 0.802 before
    # thesaurus round 4, the word associations and the trees' blend
    "colloquial": (REPO / "tests/eval/colloquial.yaml", "all", 1.000, 0.950),
    # training phrasings of writers who never ran the search; patrol3a-c 0.489-0.575 / 0.340-0.436 when first
    # scored with the model of the time, before any training on them (then trained on, with a second thesaurus
    # round that read their failures); 0.707 / 0.535, 0.819 / 0.631, 0.781 / 0.574 before round 3;
    # 0.767 / 0.636, 0.874 / 0.707, 0.829 / 0.613 before round 4, the associations and the trees' blend
    "patrol3a": (REPO / "tests/eval/patrol3a.yaml", "all", 0.977, 0.929),
    "patrol3b": (REPO / "tests/eval/patrol3b.yaml", "all", 0.992, 0.961),
    "patrol3c": (REPO / "tests/eval/patrol3c.yaml", "all", 1.000, 0.944),
    # residents' and hotline words; 0.607 / 0.442 with the code of the session start, before any training on it
    # (0.675 / 0.524 before thesaurus round 3 and the listwise loss; 0.786 / 0.579 before round 4 and the blend)
    "patrol4a": (REPO / "tests/eval/patrol4a.yaml", "all", 0.983, 0.930),
    # thin domains (5a) and Zhejiang township speech, 33 naming a county in the sentence (5b); first scored
    # before any training or vocabulary on them at 0.580 / 0.391 and 0.727 / 0.560; 0.620 / 0.441 and
    # 0.781 / 0.590 before thesaurus round 4 (which read their failures), the associations and the blend
    "patrol5a": (REPO / "tests/eval/patrol5a.yaml", "all", 0.960, 0.900),
    "patrol5b": (REPO / "tests/eval/patrol5b.yaml", "all", 1.000, 0.956),
    # thin national domains (6a), Zhejiang township speech (6b), the weekly workload said many ways (6c); first
    # scored before any training or vocabulary on them at 0.591 / 0.439, 0.689 / 0.538, 0.683 / 0.547
    "patrol6a": (REPO / "tests/eval/patrol6a.yaml", "all", 0.960, 0.920),
    "patrol6b": (REPO / "tests/eval/patrol6b.yaml", "all", 0.966, 0.935),
    "patrol6c": (REPO / "tests/eval/patrol6c.yaml", "all", 0.975, 0.939),
    # eight sets of the tenth session: shops and markets, one statute many conducts (7a); countryside as hotline
    # tickets and patrol logs (7b); city management as case notes (7c); second-tier powers asked by new officers
    # (7d); Zhejiang's own regulations (7e); long narratives with noise (7f); asking what follows (7g); townships
    # outside Zhejiang (7h). First scored before any training or vocabulary on them at 0.647 / 0.505,
    # 0.775 / 0.611, 0.722 / 0.559, 0.611 / 0.478, 0.755 / 0.627, 0.789 / 0.623, 0.793 / 0.651, 0.733 / 0.579
    # (pooled 0.725 / 0.576; 0.772 / 0.615 with thesaurus round 5 and the widened pool, before training on them)
    "patrol7a": (REPO / "tests/eval/patrol7a.yaml", "all", 0.931, 0.893),
    "patrol7b": (REPO / "tests/eval/patrol7b.yaml", "all", 0.979, 0.910),
    "patrol7c": (REPO / "tests/eval/patrol7c.yaml", "all", 0.889, 0.805),
    "patrol7d": (REPO / "tests/eval/patrol7d.yaml", "all", 0.922, 0.868),
    "patrol7e": (REPO / "tests/eval/patrol7e.yaml", "all", 0.943, 0.856),
    "patrol7f": (REPO / "tests/eval/patrol7f.yaml", "all", 0.993, 0.937),
    "patrol7g": (REPO / "tests/eval/patrol7g.yaml", "all", 0.973, 0.943),
    "patrol7h": (REPO / "tests/eval/patrol7h.yaml", "all", 0.918, 0.823),
    # sixteen sets of the eleventh session (2,866 phrasings): everyday work objects (8a), the countryside (8b), the
    # street and the housing estate (8c), food and health (8d), pollution as seen and smelt (8e), market goods (8f),
    # townships outside Zhejiang (8g), long messy messages (8h); culture, tourism and schools (9a), roads and boats
    # (9b), rarer powers (9c), houses and land (9d), the teams' working slang (9e), asking what follows (9f), other
    # provinces' shops and clinics (9g), search-box fragments (9h). First scored before any training or vocabulary on
    # them at 0.487 / 0.366, 0.823 / 0.629, 0.782 / 0.614, 0.672 / 0.574,
    # 0.723 / 0.574, 0.635 / 0.519, 0.762 / 0.632, 0.802 / 0.671,
    # 0.736 / 0.607, 0.640 / 0.497, 0.696 / 0.543, 0.684 / 0.533,
    # 0.835 / 0.669, 0.913 / 0.756, 0.714 / 0.589, 0.832 / 0.675 (pooled 0.734 / 0.591;
    # 0.740 / 0.595 with thesaurus round 6 and penalty round 11, before training on them; round 7 then read them)
    "patrol8a": (REPO / "tests/eval/patrol8a.yaml", "all", 0.800, 0.715),
    "patrol8b": (REPO / "tests/eval/patrol8b.yaml", "all", 0.933, 0.862),
    "patrol8c": (REPO / "tests/eval/patrol8c.yaml", "all", 0.941, 0.847),
    "patrol8d": (REPO / "tests/eval/patrol8d.yaml", "all", 0.904, 0.802),
    "patrol8e": (REPO / "tests/eval/patrol8e.yaml", "all", 0.864, 0.786),
    "patrol8f": (REPO / "tests/eval/patrol8f.yaml", "all", 0.898, 0.815),
    "patrol8g": (REPO / "tests/eval/patrol8g.yaml", "all", 0.939, 0.875),
    "patrol8h": (REPO / "tests/eval/patrol8h.yaml", "all", 0.968, 0.919),
    "patrol9a": (REPO / "tests/eval/patrol9a.yaml", "all", 0.853, 0.769),
    "patrol9b": (REPO / "tests/eval/patrol9b.yaml", "all", 0.840, 0.736),
    "patrol9c": (REPO / "tests/eval/patrol9c.yaml", "all", 0.837, 0.767),
    "patrol9d": (REPO / "tests/eval/patrol9d.yaml", "all", 0.883, 0.788),
    "patrol9e": (REPO / "tests/eval/patrol9e.yaml", "all", 0.967, 0.891),
    "patrol9f": (REPO / "tests/eval/patrol9f.yaml", "all", 0.964, 0.928),
    "patrol9g": (REPO / "tests/eval/patrol9g.yaml", "all", 0.917, 0.872),
    "patrol9h": (REPO / "tests/eval/patrol9h.yaml", "all", 0.902, 0.840),
    # 1.0 / 0.893 before the learned ranker (never trained on this set); 0.974 / 0.928 before its
    # character-overlap features; 1.0 / 0.929 before the category thesaurus and the retrain on patrol3a-c;
    # 0.974 / 0.894 before thesaurus round 3 and the listwise loss; 1.0 / 0.941 before round 4 and the blend;
    # 1.0 / 0.936 before the widened pool, thesaurus round 5 and the retrain on 2,863 cases with linear share 0.3;
    # 0.974 / 0.930 before thesaurus rounds 6-7 and the retrain on 5,729 cases
    "dev": (SHARED / "eval/dev.yaml", "all", 1.000, 0.935),
}


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from api.service import Yiju
    from kg.settings import Settings

    laws = SHARED / "corpus" / "laws"
    if not laws.is_dir():
        pytest.skip("shared corpus not present")
    given = os.environ.get("YIJU_EVAL_DATA_DIR")
    if given:
        root = Path(given)
    else:
        from ingest.pipeline import ingest_laws
        from kg.datadir import DataDir

        root = tmp_path_factory.mktemp("corpus-data")
        ingest_laws([laws], DataDir(root), workers=2)
    service = Yiju(Settings(data_dir=root))
    index = service.index
    index.warm()
    yield index


@pytest.mark.parametrize("name", sorted(MEASURED))
def test_quality_does_not_drop(corpus_index: object, name: str) -> None:
    path, part, recall, mrr = MEASURED[name]
    if not path.exists():
        pytest.skip(f"{path} not present")
    report = evaluate(corpus_index, split_cases(load_cases(path), part), k=5)
    assert report.recall_at_k >= recall - MARGIN, (name, report.recall_at_k, [d.case.id for d in report.misses])
    assert report.mrr >= mrr - MARGIN, (name, report.mrr)
