from index.fusion import reciprocal_rank_fusion


def test_item_ranked_well_in_both_lists_wins():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]])
    assert [item for item, _ in fused][0] == "b"


def test_scores_follow_the_formula():
    fused = dict(reciprocal_rank_fusion([["a"], ["b", "a"]], weights=[2.0, 1.0], k=10))
    assert fused["a"] == 2.0 / 11 + 1.0 / 12
    assert fused["b"] == 1.0 / 11


def test_items_in_one_list_only_are_kept_and_ties_are_stable():
    fused = reciprocal_rank_fusion([["x", "y"], []])
    assert [i for i, _ in fused] == ["x", "y"]
    tie = reciprocal_rank_fusion([["p"], ["q"]])
    assert [i for i, _ in tie] == ["p", "q"]


def test_empty():
    assert reciprocal_rank_fusion([]) == []


def test_convex_fusion_keeps_score_gaps():
    from index.fusion import convex_fusion

    dense = [("a", 0.90), ("b", 0.89), ("c", 0.50)]
    keyword = [("b", 30.0), ("a", 2.0)]
    fused = convex_fusion(dense, keyword, alpha=0.5)
    assert fused[0][0] == "b"  # far ahead on keywords, nearly tied on dense
    assert dict(fused)["c"] == 0.0
    assert abs(dict(fused)["a"] - 0.5) < 1e-9
