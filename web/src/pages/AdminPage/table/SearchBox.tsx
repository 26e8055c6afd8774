import { Search } from 'lucide-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button';
import { Input } from '../../../components/ui/input';

/** A search field that applies on submit (Enter or the button), so each search is one request. */
export function SearchBox({
  label,
  value,
  onSearch,
}: {
  label: string;
  value: string;
  onSearch: (q: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [typed, setTyped] = useState(value);
  return (
    <form
      role="search"
      className="flex w-full max-w-md items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(typed.trim());
      }}
    >
      <div className="flex flex-1 flex-col gap-1">
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        <Input id={id} type="search" value={typed} onChange={(e) => setTyped(e.target.value)} />
      </div>
      <Button type="submit" variant="secondary">
        <Search aria-hidden="true" className="size-4" />
        {t('admin.search')}
      </Button>
    </form>
  );
}
