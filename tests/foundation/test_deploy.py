import os
import subprocess
import sys


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {**os.environ, "GONGKAI_DEBUG": "0", "GONGKAI_SECRET_KEY": "x" * 20 + "-production-secret-key-of-length-50-plus",
           "GONGKAI_ALLOWED_HOSTS": "gongkai.example.gov.cn", "GONGKAI_VAR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    out = subprocess.run([sys.executable, "-m", "gongkai", "check", "--deploy", "--fail-level", "WARNING"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "GONGKAI_DEBUG": "0", "GONGKAI_VAR": str(tmp_path)}
    env.pop("GONGKAI_SECRET_KEY", None)
    out = subprocess.run([sys.executable, "-m", "gongkai", "check"], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode != 0 and "GONGKAI_SECRET_KEY" in out.stderr
