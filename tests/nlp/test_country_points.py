"""The country points' geometry (training/country_points.py), on squares drawn for the test."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from training.country_points import _body_point, _centroid  # noqa: E402


def _square(lat, lon, half):
    return [(lon - half, lat - half), (lon + half, lat - half), (lon + half, lat + half), (lon - half, lat + half)]


def test_the_centroid_of_a_square_at_the_equator_is_its_middle():
    area, lat, lon = _centroid(_square(0.0, 20.0, 5.0))
    assert (lat, lon) == (pytest.approx(0.0, abs=1e-6), pytest.approx(20.0, abs=1e-6))
    assert area == pytest.approx(100.0, rel=0.01)      # 10 x 10 degrees, cos(lat) ~ 1


def test_the_centroid_leans_to_where_the_land_is_on_the_ground():
    # a lon/lat box from 50 N to 80 N: a degree of longitude covers more ground at 50 N, so the
    # area centroid lies south of the box's middle (65 N); the plain lon/lat centroid would not
    _, lat, _ = _centroid([(0.0, 50.0), (40.0, 50.0), (40.0, 80.0), (0.0, 80.0)])
    assert 60.0 < lat < 64.0


def test_a_body_takes_near_islands_and_leaves_far_territories():
    main = _centroid(_square(60.0, -100.0, 8.0))
    near = _centroid(_square(72.0, -95.0, 4.0))       # about 1,400 km north: an Arctic island
    far = _centroid(_square(20.0, -157.0, 2.0))       # about 6,000 km away: an outlying territory
    total = main[0] + near[0] + far[0]
    lat, lon, share = _body_point([main, near, far], total)
    assert lat > main[1] + 0.5                         # pulled north by the island ...
    assert abs(lon - main[2]) < 3.0                    # ... not west toward the territory
    assert share == pytest.approx(main[0] / total)     # the largest polygon's share
