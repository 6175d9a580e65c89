//! The native server: a thin axum adapter over the sans-IO core. It reads the request (up to
//! the core's limit), waits out a fault's delay, and writes the answer — or breaks the
//! connection after a first chunk when the fault says to drop it.

use crate::exchange::{body_limit, Body, Request};
use crate::Emulator;
use axum::body::Body as AxumBody;
use axum::response::Response;
use futures_util::StreamExt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// The HTTP service: every request goes to the core.
pub fn service(emu: Arc<Emulator>) -> axum::routing::IntoMakeService<axum::Router> {
    axum::Router::new()
        .fallback(move |request: axum::extract::Request| {
            let emu = emu.clone();
            async move { handle(&emu, request).await }
        })
        .into_make_service()
}

async fn handle(emu: &Emulator, request: axum::extract::Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let body = read(body, body_limit(&path)).await;
    let request = Request {
        method: parts.method,
        path,
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
    };
    let received = emu.receive(request);
    if received.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(received.delay_ms)).await;
    }
    let answer = emu.respond(received);
    let body = match answer.drop {
        false => AxumBody::from(answer.body),
        true => {
            let first = futures_util::stream::once(async move {
                Ok::<_, std::io::Error>(bytes::Bytes::from(answer.body))
            });
            // The pause lets the server flush the head and the first chunk before it aborts.
            let broken = futures_util::stream::once(async {
                tokio::time::sleep(Duration::from_millis(20)).await;
                Err(std::io::Error::other("fault: connection dropped"))
            });
            AxumBody::from_stream(first.chain(broken))
        }
    };
    let mut response = Response::new(body);
    *response.status_mut() =
        axum::http::StatusCode::from_u16(answer.status).unwrap_or(axum::http::StatusCode::OK);
    *response.headers_mut() = answer.headers;
    response
}

/// Reads until the body ends or fails, keeping what comes until it passes `limit` bytes (a body
/// of `limit` bytes is whole, as in the JS adapters). The rest is read and dropped, as the JS
/// adapter does: a client still sending a large body then reads its 413, where a connection
/// closed under it gave a broken pipe instead (a third of the fidelity suite's runs).
async fn read(body: AxumBody, limit: usize) -> Body {
    let mut stream = body.into_data_stream();
    let mut read = Vec::new();
    while let Some(chunk) = stream.next().await {
        match chunk {
            Ok(chunk) if read.len() <= limit => read.extend_from_slice(&chunk),
            Ok(_) => {}
            Err(_) => return Body::Cut(read),
        }
    }
    match read.len() <= limit {
        true => Body::Whole(read),
        false => Body::Cut(read),
    }
}

/// A running emulator.
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its state, for tests and for saving on shutdown.
    pub emulator: Arc<Emulator>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// The base URL, `http://HOST:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, lets requests in flight finish, and waits.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.task.await.map_err(std::io::Error::other)?
    }
}

/// Binds and serves in the background.
pub async fn start(addr: SocketAddr, emulator: Arc<Emulator>) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let service = service(emulator.clone());
    let task = tokio::spawn(async move {
        axum::serve(listener, service)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
    });
    Ok(Running {
        addr,
        emulator,
        shutdown: Some(tx),
        task,
    })
}
