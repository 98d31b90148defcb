import json

import pytest
from pydantic import ValidationError

from app.paths import get_paths
from app.settings import Settings, SettingsError, load_settings, save_settings


def test_defaults_when_no_file():
    assert load_settings().n_ctx == Settings().n_ctx


def test_save_and_load_round_trip_keeps_unknown_keys():
    path = get_paths().settings_file
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"temperature": 0.2, "from_newer_hearth": 1}))
    settings = load_settings()
    settings.max_tokens = 99
    save_settings(settings)
    again = json.loads(path.read_text())
    assert again["temperature"] == 0.2 and again["max_tokens"] == 99
    assert again["from_newer_hearth"] == 1
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]


def test_bounds_are_enforced():
    with pytest.raises(ValidationError):
        Settings(temperature=5.0)
    settings = Settings()
    with pytest.raises(ValidationError):
        settings.n_ctx = 10


def test_damaged_file_gives_an_actionable_error():
    path = get_paths().settings_file
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    with pytest.raises(SettingsError, match="delete it"):
        load_settings()


def test_hearth_home_holds_every_folder(hearth_home):
    paths = get_paths()
    for folder in (paths.data, paths.models, paths.logs, paths.cache, paths.config):
        assert hearth_home in folder.parents
