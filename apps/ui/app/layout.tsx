import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Switchboard',
  description: 'Switchboard LLM gateway admin',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <span className="brand">Switchboard</span>
        </header>
        <main className="content">{children}</main>
      </body>
    </html>
  );
}
