"""The wheel carries the rules: build it, install it into a fresh venv, normalise a seed there."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile

from conftest import REPO, SEEDS


def test_wheel_ships_rules_and_normalises_a_seed_from_a_fresh_venv(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(REPO)],
                   check=True, cwd=tmp_path)
    wheel = next(dist.glob("cleaner-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "cleaner/_rules/defense.gov.toml" in names and "cleaner/_rules/generic.toml" in names
    assert "cleaner/schema/article.schema.json" in names
    assert "cleaner/py.typed" in names  # PEP 561: type checkers read cleaner's own annotations

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, cwd=tmp_path)
    seed = tmp_path / SEEDS[0].name
    seed.write_bytes(SEEDS[0].read_bytes())
    done = subprocess.run([str(env_dir / "bin" / "cleaner"), "normalize", seed.name],
                          check=True, cwd=tmp_path, capture_output=True, text=True)
    article = json.loads(done.stdout)
    assert article["site"] == "defense.gov"  # the site file came from inside the wheel
    assert article["title"] == "Gates, Serdyukov Renew U.S.-Russia Military Ties"
    where = subprocess.run([str(python), "-c", "import cleaner.rulebook as r; print(r.builtin_rules_dir())"],
                           check=True, cwd=tmp_path, capture_output=True, text=True).stdout.strip()
    assert where.startswith(str(env_dir)) and where.endswith("cleaner/_rules")
