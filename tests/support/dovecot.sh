#!/usr/bin/env bash
# A throwaway Dovecot IMAP server on loopback for the email channel's
# tests (Debian's dovecot-imapd): `dovecot.sh start DIR` writes its
# configuration, a self-signed certificate (DIR/ca.pem) and one user
# "desk" (password "desk-pass") under DIR, starts it and prints
# "IMAP_PORT IMAPS_PORT"; `dovecot.sh deliver DIR < message` delivers a
# message into desk's INBOX with dovecot-lda, as an MTA would;
# `dovecot.sh stop DIR` stops it.  Ports are picked free at start.
set -euo pipefail
cmd=${1:?usage: dovecot.sh start|deliver|stop DIR}
dir=${2:?usage: dovecot.sh start|deliver|stop DIR}
case $cmd in
start)
  mkdir -p "$dir/run" "$dir/state" "$dir/mail"
  chown dovecot:dovecot "$dir/mail"
  chmod 755 "$dir"
  read -r p1 p2 < <(python3 -c 'import socket
a=[socket.socket() for _ in range(2)]
[s.bind(("127.0.0.1",0)) for s in a]
print(*[s.getsockname()[1] for s in a])')
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "$dir/key.pem" -out "$dir/ca.pem" 2>/dev/null
  echo "desk:{PLAIN}desk-pass" > "$dir/passwd"
  cat > "$dir/dovecot.conf" <<CONF
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <$dir/ca.pem
ssl_key = <$dir/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$dir/mail/%u
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN $dir/passwd
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$dir/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $p1
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $p2
    ssl = yes
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
namespace inbox {
  inbox = yes
  mailbox Done {
    auto = create
  }
}
CONF
  /usr/sbin/dovecot -c "$dir/dovecot.conf" </dev/null >/dev/null 2>&1
  for _ in $(seq 50); do
    (exec 3<>/dev/tcp/127.0.0.1/$p1) 2>/dev/null && break
    sleep 0.1
  done
  echo "$p1 $p2"
  ;;
deliver)
  /usr/lib/dovecot/dovecot-lda -c "$dir/dovecot.conf" -d desk
  ;;
stop)
  [[ -f $dir/run/master.pid ]] && kill "$(cat "$dir/run/master.pid")" 2>/dev/null || true
  for _ in $(seq 50); do [[ -f $dir/run/master.pid ]] || break; sleep 0.1; done
  ;;
esac
