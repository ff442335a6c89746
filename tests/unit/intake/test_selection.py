"""Stage intake: seed selection (pure) and the `seeds` asset (in-process)."""

from __future__ import annotations

from icp_assets.intake.selection import IntakeSeed, select_seeds


def _seed(seed_id, kind="best", name="Acme", domain="acme.sg", reason=None):
    from icp_assets.normalize import normalize_company_name

    return IntakeSeed(seed_id, kind, name, domain, normalize_company_name(name), reason)


def test_the_same_domain_twice_is_one_seed_with_the_other_merged():
    selection = select_seeds(
        [_seed(1), _seed(2, name="ACME Pte Ltd"), _seed(3, name="Beta", domain="beta.sg")]
    )
    assert [s.seed.seed_id for s in selection.seeds] == [1, 3]
    assert selection.seeds[0].merged_seed_ids == (2,)
    assert selection.duplicates_merged == 1
    assert any("listed 2 times" in w for w in selection.warnings)


def test_a_name_only_seed_merges_with_the_seed_of_the_same_name():
    selection = select_seeds([_seed(1, domain=None), _seed(2, name="Acme Pte. Ltd.")])
    assert len(selection.seeds) == 1
    assert selection.seeds[0].merged_seed_ids == (2,)


def test_same_name_on_two_different_domains_stays_two_companies():
    selection = select_seeds([_seed(1), _seed(2, domain="acme.com.my")])
    assert len(selection.seeds) == 2


def test_a_company_both_best_and_lost_is_kept_as_lost_with_a_warning():
    selection = select_seeds([_seed(1), _seed(2, kind="lost", reason="price")])
    assert [(s.seed.seed_id, s.seed.kind) for s in selection.seeds] == [(2, "lost")]
    assert any("both a best and a lost" in w for w in selection.warnings)


def test_fewer_than_five_distinct_best_seeds_warns_of_low_confidence():
    few = select_seeds([_seed(i, name=f"Co {i}", domain=f"co{i}.sg") for i in range(4)])
    enough = select_seeds([_seed(i, name=f"Co {i}", domain=f"co{i}.sg") for i in range(5)])
    assert any(w.startswith("low confidence") for w in few.warnings)
    assert not any(w.startswith("low confidence") for w in enough.warnings)
