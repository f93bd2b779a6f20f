"""The runner's profile: saving, loading, damaged files, and which value wins."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.errors import CoachError, EnvironmentProblem, InputError
from coach.routine.model import Distance, Drill, Leg, Reps, Routine, Range
from coach.plan.options import PlanOptions, check
from coach.profile.keys import KEYS, PACE, keys_help
from coach.profile.layers import Setting, explain, pace_of, resolve
from coach.profile.store import Profile, load_profile, profile_path, reset_profile, set_value, show, unset_value

LUNGE = Drill("walking-lunge", "Walking lunge", ("Step long.",), "standing", Distance((Leg("right"), Leg("left")), 20, 20.0))
SWINGS = Drill("leg-swings", "Leg swings", ("Swing.",), "standing", Reps(Range(10, 12), 1.5))
ROUTINE = Routine("warm-up", "Warm-up", "", (LUNGE, SWINGS))

# key, as typed, as stored
EVERY_KEY = [
    ("voice", "en-gb", "en-gb"),
    ("rate", "160", 160),
    ("voice_engine", "pyttsx3", "pyttsx3"),
    ("level", "full", "full"),
    ("format", "wav", "wav"),
    ("pan", "false", False),
    ("clarity", "false", False),
    ("output", "simpleaudio", "simpleaudio"),
    ("tempo_scale", "1.2", 1.2),
    ("pace_scale", "0.8", 0.8),
    ("cadence", "170", 170),
    ("music", "/srv/music/warm-up", "/srv/music/warm-up"),
    ("music_level", "-12", -12.0),
    ("duck", "18", 18.0),
    ("pace.knee-drive-crossover", "25", 25.0),
]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("COACH_CONFIG_DIR", str(folder))
    return folder


def one_line_damage(err: CoachError, path: Path) -> str:
    message = str(err)
    assert "\n" not in message
    assert str(path) in message
    assert "coach config reset" in message
    return message


# -- saving and loading ------------------------------------------------------


def test_path_follows_env(home: Path) -> None:
    assert profile_path() == home / "profile.toml"


def test_default_path_is_in_user_config_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COACH_CONFIG_DIR", raising=False)
    path = profile_path()
    assert path.name == "profile.toml" and path.parent.name == "coach"


def test_missing_file_is_empty_profile(home: Path) -> None:
    profile = load_profile()
    assert dict(profile.values) == {} and dict(profile.pace) == {}
    assert profile.path == home / "profile.toml"
    assert not home.exists()


@pytest.mark.parametrize(("key", "typed", "stored"), EVERY_KEY)
def test_round_trip_every_key(home: Path, key: str, typed: str, stored: object) -> None:
    saved = set_value(key, typed)
    loaded = load_profile()
    assert loaded == saved
    assert loaded.flat() == {key: stored}
    raw = tomllib.loads((home / "profile.toml").read_text("utf-8"))
    if key.startswith("pace."):
        assert raw == {"pace": {key[5:]: stored}}
    else:
        assert raw == {key: stored}
        assert type(raw[key]) is type(stored)


def test_every_key_has_an_example_that_is_accepted(home: Path) -> None:
    assert {k for k, _, _ in EVERY_KEY} - {"pace.knee-drive-crossover"} == set(KEYS)
    for key, spec in KEYS.items():
        set_value(key, spec.example)
    assert set(load_profile().values) == set(KEYS)
    assert "coach config set pace.knee-drive-crossover 25" in keys_help()


def test_file_is_valid_stable_and_ordered(home: Path) -> None:
    for key, typed, _ in EVERY_KEY:
        set_value(key, typed)
    first = (home / "profile.toml").read_bytes()
    text = first.decode("utf-8")
    assert text.startswith("# ") and "coach config set" in text.splitlines()[1]
    assert tomllib.loads(text)["rate"] == 160
    # the same settings given in another order give the same bytes
    (home / "profile.toml").unlink()
    for key, typed, _ in reversed(EVERY_KEY):
        set_value(key, typed)
    assert (home / "profile.toml").read_bytes() == first
    # saving again without a change keeps it byte for byte
    set_value("rate", "160")
    assert (home / "profile.toml").read_bytes() == first
    keys = [line.split(" = ")[0] for line in text.splitlines() if " = " in line and not line.startswith("#")]
    assert keys == [*KEYS, "knee-drive-crossover"]


def test_the_runners_comments_and_layout_are_kept(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    mine = (
        "# my settings, for the Tuesday track session\n"
        "rate = 150  # slower: I wear a cap that muffles sound\n"
        "\n"
        "# the hills\n"
        "level = \"full\"\n"
        "\n"
        "[pace]\n"
        "walking-lunge = 30  # long steps\n"
    )
    (home / "profile.toml").write_text(mine, "utf-8")
    set_value("rate", "140")
    set_value("voice", "en-gb")  # a new key goes after the runner's, above [pace]
    set_value("pace.a-skip", "12")
    unset_value("level")
    text = (home / "profile.toml").read_text("utf-8")
    assert "# my settings, for the Tuesday track session" in text
    assert "rate = 140  # slower: I wear a cap that muffles sound" in text
    assert "walking-lunge = 30  # long steps" in text  # read as 30.0, and left as the runner wrote it
    assert text.index("rate = 140") < text.index('voice = "en-gb"') < text.index("[pace]") < text.index("a-skip = 12.0")
    assert text.index("# the hills") < text.index("[pace]")
    assert "level" not in text
    assert load_profile().flat() == {"voice": "en-gb", "rate": 140, "pace.a-skip": 12.0, "pace.walking-lunge": 30.0}
    set_value("rate", "140")  # the same value again: not a byte changes
    assert (home / "profile.toml").read_text("utf-8") == text


def test_text_with_quotes_and_accents_round_trips(home: Path) -> None:
    name = 'Zoë "quick" \\ voice'
    set_value("voice", f"  {name} ")
    assert load_profile().values["voice"] == name
    assert tomllib.loads((home / "profile.toml").read_text("utf-8"))["voice"] == name


def test_a_voice_file_is_saved_with_its_whole_path(home: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    set_value("voice", "voices/en_GB-alba-medium.onnx")
    assert load_profile().values["voice"] == str(tmp_path / "voices" / "en_GB-alba-medium.onnx")
    set_value("voice", "en_US-joe-medium")
    assert load_profile().values["voice"] == "en_US-joe-medium"
    set_value("voice", "gmw/af")  # a pyttsx3 voice id, not a file
    assert load_profile().values["voice"] == "gmw/af"


def test_music_is_saved_with_its_whole_path_and_levels_are_checked(home: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    set_value("music", "tunes")
    assert load_profile().values["music"] == str(tmp_path / "tunes")
    for key, value in (("music_level", "3"), ("music_level", "-31"), ("duck", "41")):
        with pytest.raises(InputError, match=f"^{key}: expected a number of dB from"):
            set_value(key, value)


def test_pace_for_several_drills_sorted(home: Path) -> None:
    set_value("pace.walking-lunge", "30")
    set_value("pace.a-skip", "12.5")
    text = (home / "profile.toml").read_text("utf-8")
    assert text.index("a-skip = 12.5") < text.index("walking-lunge = 30.0")
    assert dict(load_profile().pace) == {"a-skip": 12.5, "walking-lunge": 30.0}


def test_friendly_spellings_are_accepted(home: Path) -> None:
    set_value("tempo-scale", "1.5")
    set_value("Level", "FULL")
    set_value("pan", "off")
    assert dict(load_profile().values) == {"tempo_scale": 1.5, "level": "full", "pan": False}


def test_unset(home: Path) -> None:
    set_value("rate", "150")
    set_value("pace.leg-swings", "20")
    assert dict(unset_value("rate").values) == {}
    assert dict(unset_value("pace.leg-swings").pace) == {}
    assert load_profile().flat() == {}
    assert "rate" not in tomllib.loads((home / "profile.toml").read_text("utf-8"))


def test_unset_of_nothing_writes_nothing(home: Path) -> None:
    assert unset_value("rate").flat() == {}
    assert not (home / "profile.toml").exists()


def test_explicit_path_wins_over_env(home: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "mine.toml"
    set_value("rate", "120", other)
    assert load_profile(other).values["rate"] == 120
    assert not (home / "profile.toml").exists()


# -- bad input on the command line --------------------------------------------


def test_bad_rate_message(home: Path) -> None:
    with pytest.raises(InputError) as err:
        set_value("rate", "fast")
    assert str(err.value) == 'rate: expected a whole number from 80 to 400, got "fast"'
    assert not (home / "profile.toml").exists()


@pytest.mark.parametrize(
    ("key", "typed", "expected"),
    [
        ("rate", "500", "a whole number from 80 to 400"),
        ("rate", "160.5", "a whole number from 80 to 400"),
        ("cadence", "10", "a whole number from 30 to 240"),
        ("level", "medium", "one of short, standard, full"),
        ("format", "ogg", "one of mp3, m4b, m4a, opus, wav"),
        ("output", "speaker", "one of sounddevice, simpleaudio"),
        ("voice_engine", "say", "one of piper, espeak-ng, pyttsx3"),
        ("pan", "maybe", "true or false"),
        ("tempo_scale", "0.1", "a number from 0.25 to 4"),
        ("tempo_scale", "nan", "a number from 0.25 to 4"),
        ("pace_scale", "0", "a number above 0 and at most 10"),
        ("pace_scale", "inf", "a number above 0 and at most 10"),
        ("voice", "   ", "a voice name or a voice file's path, 1 to 1000 characters"),
        ("voice", "a\nb", "a voice name or a voice file's path, 1 to 1000 characters"),
        ("pace.leg-swings", "0", "2 to 600 seconds per leg"),
        ("pace.leg-swings", "0.001", "2 to 600 seconds per leg"),
        ("pace.leg-swings", "601", "2 to 600 seconds per leg"),
        ("pace.leg-swings", "-5", "2 to 600 seconds per leg"),
    ],
)
def test_bad_values(home: Path, key: str, typed: str, expected: str) -> None:
    with pytest.raises(InputError) as err:
        set_value(key, typed)
    message = str(err.value)
    assert message.startswith(f"{key}: expected {expected}, got ")
    assert "\n" not in message


def test_unknown_key_names_closest_and_lists_all(home: Path) -> None:
    with pytest.raises(InputError) as err:
        set_value("rat", "160")
    message = str(err.value)
    assert 'unknown setting "rat" (did you mean "rate"?)' in message
    assert all(key in message for key in KEYS) and "pace.DRILL" in message


@pytest.mark.parametrize(("typed", "hint"), [("pace", "pace.DRILL"), ("pace-leg-swings", "pace.leg-swings")])
def test_pace_key_hints(home: Path, typed: str, hint: str) -> None:
    with pytest.raises(InputError, match=f'did you mean "{hint}"'):
        set_value(typed, "20")


def test_pace_drill_must_be_an_id(home: Path) -> None:
    with pytest.raises(InputError, match="drill id of lowercase letters"):
        set_value("pace.Leg Swings", "20")


def test_profile_limits_match_plan_options() -> None:
    """What the profile accepts at its edges, the planner accepts too."""
    routine, drill = ROUTINE, LUNGE
    edges = [("0.25", "10", "600", "30"), ("4", "0.01", "2", "240")]
    for tempo, scale, pace, cadence in edges:
        options = PlanOptions(
            tempo_scale=KEYS["tempo_scale"].kind.parse(tempo),
            pace_scale=KEYS["pace_scale"].kind.parse(scale),
            pace={drill.id: PACE.kind.parse(pace)},
            cadence=KEYS["cadence"].kind.parse(cadence),
        )
        check(routine, options)


# -- damaged files -------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xff\xfe\x00garbage\x80", "not plain UTF-8 text"),
        (b'rate = 160\nvoice = "en\n', "not valid TOML at line 2"),
        (b"rate = 160\n[pace\n", "not valid TOML at line 2"),
        (b'# mine\nrate = "fast"\n', 'at line 2: rate: expected a whole number from 80 to 400, got "fast"'),
        (b"pan = 1\n", "at line 1: pan: expected true or false, got 1"),
        (b"rate = true\n", "rate: expected a whole number"),
        (b"pace = 3\n", "pace: expected a [pace] table, got 3"),
        (b"level = 'full'\nrat = 160\n", 'at line 2: unknown setting "rat" (did you mean "rate"?)'),
        (b"[voice]\nname = 'x'\n", "voice: expected a voice name or a voice file's path, 1 to 1000 characters, got a table"),
        (b"[pace]\nleg-swings = 20\nhip-circle = 0\n", "at line 3: pace.hip-circle: expected 2 to 600 seconds per leg, got 0"),
        (b'[pace]\n"Leg Swings" = 20\n', "drill id of lowercase letters"),
        (b"x" * 70_000, "too large"),
        (b"rate = 160\n" + b".".join([b"a"] * 12_000) + b" = 1\n", "names nested too deeply (line 2)"),
    ],
)
def test_damaged_file(home: Path, content: bytes, says: str) -> None:
    home.mkdir()
    path = home / "profile.toml"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        load_profile()
    assert says in one_line_damage(err.value, path)
    # setting a value does not silently overwrite the damaged file
    with pytest.raises(InputError):
        set_value("rate", "160")
    assert path.read_bytes() == content


def test_folder_in_place_of_file(home: Path) -> None:
    (home / "profile.toml").mkdir(parents=True)
    with pytest.raises(InputError) as err:
        load_profile()
    assert "is a folder" in one_line_damage(err.value, home / "profile.toml")


def test_byte_order_mark_is_fine(home: Path) -> None:
    home.mkdir()
    (home / "profile.toml").write_bytes(b"\xef\xbb\xbfrate = 150\n")
    assert load_profile().values["rate"] == 150


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_any_bytes_load_or_say_so(home: Path, content: bytes) -> None:
    home.mkdir(exist_ok=True)
    (home / "profile.toml").write_bytes(content)
    try:
        profile = load_profile()
    except CoachError as err:
        one_line_damage(err, home / "profile.toml")
    else:
        assert isinstance(profile, Profile)


def test_reset_moves_file_aside(home: Path) -> None:
    home.mkdir()
    path = home / "profile.toml"
    path.write_bytes(b"not = [toml")
    (home / "profile.toml.bad").write_text("older")
    aside = reset_profile()
    assert aside == home / "profile.toml.bad"
    assert aside.read_bytes() == b"not = [toml"
    assert not path.exists()
    assert load_profile().flat() == {}
    set_value("rate", "140")
    assert load_profile().values["rate"] == 140


def test_reset_without_file(home: Path) -> None:
    assert reset_profile() is None


# -- writing safely ------------------------------------------------------------


def test_failed_rename_leaves_old_file_whole(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    set_value("rate", "150")
    path = home / "profile.toml"
    before = path.read_bytes()

    def broken(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(EnvironmentProblem) as err:
        set_value("rate", "170")
    assert str(path) in str(err.value) and "nothing was changed" in str(err.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in home.iterdir()) == ["profile.toml"]


def test_folder_that_cannot_be_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("COACH_CONFIG_DIR", str(blocker / "coach"))
    with pytest.raises(EnvironmentProblem, match="COACH_CONFIG_DIR"):
        set_value("rate", "150")
    assert load_profile().flat() == {}  # a folder that can't exist holds no settings


# -- which value wins ------------------------------------------------------------


def test_precedence_and_sources(home: Path) -> None:
    set_value("level", "full")
    set_value("rate", "150")
    set_value("voice", "en-us")
    profile = load_profile()
    where = f"profile ({home / 'profile.toml'})"
    defaults = {"level": "standard", "rate": 175, "voice": None, "cadence": None, "tempo_scale": 1.0}
    routine = {"level": "short", "tempo_scale": 1.1}
    cli = {"level": None, "rate": 200, "cadence": None}
    got = resolve(cli, profile, routine, defaults)
    assert got == {
        "level": Setting("full", where),
        "rate": Setting(200, "command line"),
        "voice": Setting("en-us", where),
        "cadence": Setting(None, "default"),
        "tempo_scale": Setting(1.1, "routine"),
    }
    assert list(got) == list(defaults)
    assert resolve({}, Profile(path=profile.path), {}, defaults)["level"] == Setting("standard", "default")


def test_pace_precedence_and_other_routines(home: Path) -> None:
    set_value("pace.leg-swings", "20")
    set_value("pace.walking-lunge", "28")
    set_value("pace.other-routine-drill", "40")
    profile = load_profile()
    cli = {"pace.walking-lunge": 22.0, "pace.typo-drill": 10.0}
    routine = {"pace.a-skip": 15.0}
    got = resolve(cli, profile, routine, {"level": "standard"}, drill_ids={"leg-swings", "walking-lunge", "a-skip"})
    assert pace_of(got) == {"a-skip": 15.0, "leg-swings": 20.0, "walking-lunge": 22.0, "typo-drill": 10.0}
    assert got["pace.walking-lunge"].source == "command line"
    assert got["pace.leg-swings"].source.startswith("profile (")
    assert got["pace.a-skip"].source == "routine"
    assert list(got)[0] == "level"  # plain settings first, pace after
    without_filter = resolve({}, profile, {}, {})
    assert "other-routine-drill" in pace_of(without_filter)


def test_resolved_settings_build_plan_options(home: Path) -> None:
    routine, drill = ROUTINE, LUNGE
    set_value(f"pace.{drill.id}", "31")
    set_value("tempo_scale", "1.25")
    set_value("pace.not-in-this-routine", "12")
    got = resolve({"cadence": 170}, load_profile(), {}, {"level": "standard", "tempo_scale": 1.0, "cadence": None},
                  drill_ids=routine.drill_ids)
    options = PlanOptions(
        level=got["level"].value, tempo_scale=got["tempo_scale"].value, cadence=got["cadence"].value, pace=pace_of(got)
    )
    check(routine, options)
    assert options.leg_seconds(drill) == 31.0


def test_explain_says_where_each_value_came_from(home: Path) -> None:
    set_value("rate", "150")
    got = resolve({"level": "full"}, load_profile(), {}, {"level": "standard", "rate": 175, "cadence": None})
    lines = explain(got).splitlines()
    assert len(lines) == 3
    assert lines[0].split() == ["level", "full", "from", "command", "line"]
    assert lines[1].split()[:3] == ["rate", "150", "from"] and str(home / "profile.toml") in lines[1]
    assert lines[2].split() == ["cadence", "not", "set", "from", "default"]


def test_show_lists_every_key_and_the_file(home: Path) -> None:
    text = show(load_profile())
    assert str(home / "profile.toml") in text and "no file yet" in text
    set_value("rate", "150")
    set_value("pace.leg-swings", "20")
    text = show(load_profile())
    assert "no file yet" not in text
    rows = {line.split()[0]: line.split(maxsplit=1)[1] for line in text.splitlines()[1:-1]}
    assert set(rows) == {*KEYS, "pace.leg-swings"}
    assert rows["rate"] == "150" and rows["voice"] == "not set" and rows["pace.leg-swings"].startswith("20 s")
