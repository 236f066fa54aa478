//! A minimal HTTP/1.1 keep-alive client for the measured requests only, in the manner of `wrk`:
//! the request bytes are built once per request from a template, the answer is read by its
//! `Content-Length`, and all clients run on one thread of their own (a current-thread runtime).
//!
//! Why not `reqwest` here: the bench's clients share the machine's two cores with the server,
//! and `reqwest` (connection pool, header maps, a task per connection) spent ~0.03 ms of CPU per
//! request — a quarter of what the server spends — which the server then did not have. Real
//! applicants' browsers are not on the server's machine. Set-up still goes through `reqwest`.

use std::io;
use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One keep-alive connection (opened on the first request).
pub struct Conn {
    addr: SocketAddr,
    stream: Option<TcpStream>,
    buf: Vec<u8>,
    req: Vec<u8>,
}

/// An answer: the status code and the body.
pub struct Answer<'a> {
    pub status: u16,
    pub body: &'a [u8],
}

impl Conn {
    pub fn new(addr: SocketAddr) -> Conn {
        Conn {
            addr,
            stream: None,
            buf: Vec::with_capacity(8192),
            req: Vec::with_capacity(512),
        }
    }

    /// Sends one request (`body` empty for a GET) and reads the whole answer.
    pub async fn send(
        &mut self,
        method: &str,
        path: &str,
        bearer: &str,
        body: &[u8],
    ) -> io::Result<Answer<'_>> {
        if self.stream.is_none() {
            let s = TcpStream::connect(self.addr).await?;
            s.set_nodelay(true)?;
            self.stream = Some(s);
        }
        self.req.clear();
        use std::io::Write;
        write!(
            self.req,
            "{method} {path} HTTP/1.1\r\nhost: {}\r\nauthorization: Bearer {bearer}\r\n",
            self.addr
        )?;
        if !body.is_empty() {
            write!(
                self.req,
                "content-type: application/json\r\ncontent-length: {}\r\n",
                body.len()
            )?;
        }
        self.req.extend_from_slice(b"\r\n");
        self.req.extend_from_slice(body);
        let stream = self.stream.as_mut().expect("connected above");
        if let Err(e) = stream.write_all(&self.req).await {
            self.stream = None;
            return Err(e);
        }
        self.buf.clear();
        let (status, head, len) = loop {
            if let Some(end) = find(&self.buf, b"\r\n\r\n") {
                let head = end + 4;
                let (status, len) = parse_head(&self.buf[..end])?;
                break (status, head, len);
            }
            if self.read_more().await? == 0 {
                return Err(closed());
            }
        };
        while self.buf.len() < head + len {
            if self.read_more().await? == 0 {
                return Err(closed());
            }
        }
        Ok(Answer {
            status,
            body: &self.buf[head..head + len],
        })
    }

    async fn read_more(&mut self) -> io::Result<usize> {
        let stream = self.stream.as_mut().expect("connected");
        let old = self.buf.len();
        self.buf.resize(old + 8192, 0);
        let n = match stream.read(&mut self.buf[old..]).await {
            Ok(n) => n,
            Err(e) => {
                self.buf.truncate(old);
                self.stream = None;
                return Err(e);
            }
        };
        self.buf.truncate(old + n);
        if n == 0 {
            self.stream = None;
        }
        Ok(n)
    }
}

fn closed() -> io::Error {
    io::Error::new(
        io::ErrorKind::UnexpectedEof,
        "the server closed the connection",
    )
}

/// The status code and `Content-Length` of a response head (without its final blank line).
fn parse_head(head: &[u8]) -> io::Result<(u16, usize)> {
    let bad = |why: &str| io::Error::new(io::ErrorKind::InvalidData, why.to_string());
    let text = std::str::from_utf8(head).map_err(|_| bad("response head is not UTF-8"))?;
    let mut lines = text.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("no status line"))?;
    let mut len = None;
    for line in lines {
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                len = v.trim().parse().ok();
            } else if k.eq_ignore_ascii_case("transfer-encoding") {
                return Err(bad("chunked answers are not expected here"));
            }
        }
    }
    Ok((status, len.ok_or_else(|| bad("no content-length"))?))
}

/// The first position of `needle` in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The string value of `"key":"…"` in a compact JSON body (the server's answers have no spaces).
pub fn json_str<'a>(body: &'a [u8], key: &str) -> Option<&'a str> {
    let pat = format!("\"{key}\":\"");
    let start = find(body, pat.as_bytes())? + pat.len();
    let len = body[start..].iter().position(|&b| b == b'"')?;
    std::str::from_utf8(&body[start..start + len]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_status_and_length() {
        let (s, n) = parse_head(b"HTTP/1.1 201 Created\r\nContent-Length: 17\r\nx: y").unwrap();
        assert_eq!((s, n), (201, 17));
        assert!(parse_head(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked").is_err());
        assert!(parse_head(b"HTTP/1.1 200 OK\r\nx: y").is_err());
    }

    #[test]
    fn finds_json_strings() {
        let body = br#"{"id":"a1","status":"submitted","confirmation_number":"MG-2027-0001"}"#;
        assert_eq!(json_str(body, "status"), Some("submitted"));
        assert_eq!(json_str(body, "confirmation_number"), Some("MG-2027-0001"));
        assert_eq!(json_str(body, "missing"), None);
    }
}
